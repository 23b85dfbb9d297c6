using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActorSubs.Node.Tests.Stores;
using FsCheck;
using FsCheck.Fluent;
using static ActorSubs.Node.Tests.Fuzz.JsonFuzz;

namespace ActorSubs.Node.Tests.Fuzz;

/// <summary>A route as the node maps it: method and pattern, read from its endpoints.</summary>
public sealed record FuzzRoute(string Method, string Pattern)
{
    public string Key => $"{Method} {Pattern}";

    public IEnumerable<string> Parameters => Pattern.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}', '*').Split(':', '=')[0]);
}

/// <summary>The accounts a fuzz run aims at: A (the owner of most requests), B (another account) and ids to sign up.</summary>
public sealed record FuzzTargets(string AccountA, string KeyA, string DeviceTokenA, string StoreTokenA, string AccountB, string KeyB,
    IReadOnlyList<string> SignUpIds);

public enum Credential { None, WrongBearer, Operator, OwnKey, OtherKey, DeviceToken, CleverbridgeSigned, CleverbridgeWrongPassword }

/// <summary>One generated request, described well enough to be sent again by hand.</summary>
public sealed record FuzzRequest(string Method, string PathAndQuery, Credential Credential, byte[]? Body, string? ContentType, string BodyLabel)
{
    public HttpRequestMessage ToMessage(FuzzTargets targets)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        switch (Credential)
        {
            case Credential.WrongBearer: request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-key-0123456789"); break;
            case Credential.Operator: request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestNode.OperatorKey); break;
            case Credential.OwnKey: request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", targets.KeyA); break;
            case Credential.OtherKey: request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", targets.KeyB); break;
            case Credential.DeviceToken: request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", targets.DeviceTokenA); break;
            case Credential.CleverbridgeSigned or Credential.CleverbridgeWrongPassword:
                var password = Credential == Credential.CleverbridgeSigned ? StoreNode.CleverbridgePassword : "wrong-password";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{StoreNode.CleverbridgeUser}:{password}")));
                // Signed over the bytes actually sent, so a mutated body gets past the signature to the parser.
                request.Headers.Add("X-Signature", "sha256=" + Convert.ToHexStringLower(
                    HMACSHA256.HashData(Encoding.UTF8.GetBytes(StoreNode.SigningKey), Body ?? [])));
                break;
        }
        return request;
    }

    public override string ToString()
    {
        var body = Body is null ? "no body" : Encoding.UTF8.GetString(Body);
        return $"{Method} {PathAndQuery} [{Credential}] [{ContentType ?? "no content type"}] {BodyLabel}: {(body.Length > 300 ? body[..300] + "…" : body)}";
    }
}

/// <summary>
/// FsCheck generators of requests for any route: path values (valid ids, unknown, too long, unicode, path-ish), a query,
/// a credential, and a body near the route's valid shape or not JSON at all. A route this class has no shape for gets a
/// generic one, so a new route is fuzzed as soon as it is mapped.
/// </summary>
public sealed class HttpInputs(FuzzTargets targets, AppStoreAuthority? apple)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    private static readonly Gen<string> PathHostile = Gen.Elements(
        new string('a', 65), Uri.EscapeDataString("ünïcødé-🙂"), "..", "%2e%2e", "a%2Fb", "%00", "%25", "a%20b", "-", "@", "x.y_z", "%C0%AF",
        Uri.EscapeDataString(new string('é', 40)));

    private static readonly Gen<string> TransactionIds = Strings("tx-1", "tx-2", "tx-3", "pack-1", "pack-2");

    private static readonly Gen<string> Wire = Gen.Choose(-400, 800).Select(days =>
        Str(DateTimeOffset.UtcNow.AddDays(days).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));

    public Gen<FuzzRequest> For(FuzzRoute route)
    {
        var path = Path(route);
        var query = Gen.Frequency((8, Gen.Constant("")), (3, Gen.Constant("?token=" + StoreNode.PushToken)), (1, Gen.Constant("?token=wrong")),
            (1, Gen.Constant("?access_token=x&x=%ZZ&x=1")));
        var method = Gen.Frequency((12, Gen.Constant(route.Method)), (1, Gen.Elements(Methods)));
        var cleverbridge = route.Pattern.Contains("cleverbridge", StringComparison.Ordinal) ? 12 : 1;
        var credential = Gen.Frequency((2, Gen.Constant(Credential.None)), (1, Gen.Constant(Credential.WrongBearer)),
            (4, Gen.Constant(Credential.Operator)), (4, Gen.Constant(Credential.OwnKey)), (1, Gen.Constant(Credential.OtherKey)),
            (1, Gen.Constant(Credential.DeviceToken)), (cleverbridge, Gen.Constant(Credential.CleverbridgeSigned)),
            (1, Gen.Constant(Credential.CleverbridgeWrongPassword)));
        var takesBody = route.Method is "POST" or "PUT" or "PATCH";
        var body = Body(route, takesBody);
        return path.SelectMany(p => query.SelectMany(q => method.SelectMany(m => credential.SelectMany(c => body.Select(b =>
            new FuzzRequest(m, p + q, c, b.Bytes, b.ContentType, b.Label))))));
    }

    private Gen<string> Path(FuzzRoute route)
    {
        Gen<string> path = Gen.Constant("");
        foreach (var segment in route.Pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var value = segment.StartsWith('{') ? Value(segment.Trim('{', '}', '*').Split(':', '=')[0]) : Gen.Constant(segment);
            path = path.SelectMany(p => value.Select(v => p + "/" + v));
        }
        return path;
    }

    private Gen<string> Value(string parameter) => parameter switch
    {
        "accountId" => Gen.Frequency((8, Gen.Constant(targets.AccountA)), (1, Gen.Constant(targets.AccountB)),
            (2, Gen.Elements(targets.SignUpIds.ToArray())), (1, Gen.Constant("nobody-" + targets.AccountA)), (2, PathHostile)),
        "hostId" => Gen.Frequency((6, Gen.Elements("mac", "h-1", "h-2", "h-3", "h-4", "h-5", "h-6")), (1, PathHostile)),
        "deviceId" => Gen.Frequency((6, Gen.Elements("phone", "d-1", "d-2", "d-3")), (1, PathHostile)),
        _ => Gen.Frequency((3, Gen.Elements("x", "1", "file.txt", "index.html")), (1, PathHostile)),
    };

    private Gen<(byte[]? Bytes, string? ContentType, string Label)> Body(FuzzRoute route, bool takesBody)
    {
        var shape = Shape(route);
        var contentType = Gen.Frequency((10, Gen.Constant<string?>("application/json")), (1, Gen.Constant<string?>(null)),
            (1, Gen.Constant<string?>("text/plain")), (1, Gen.Constant<string?>("application/x-www-form-urlencoded")),
            (1, Gen.Constant<string?>("application/json; charset=utf-16")), (1, Gen.Constant<string?>("application/problem+json")));
        var near = shape.Select(text => ((byte[]?)Encoding.UTF8.GetBytes(text), "object"));
        var broken = NotAnObject(shape).Select(t => ((byte[]?)t.Bytes, t.Label));
        var bytes = Gen.Frequency(
            (takesBody ? 12 : 1, near),
            (takesBody ? 4 : 1, broken),
            (takesBody ? 1 : 12, Gen.Constant(((byte[]?)null, "none"))));
        return bytes.SelectMany(b => contentType.Select(ct => (b.Item1, b.Item1 is null ? null : ct, b.Item2)));
    }

    /// <summary>The route's valid body shape with the values that reach deep into the domain (pools small enough to collide).</summary>
    private Gen<string> Shape(FuzzRoute route) => route.Key switch
    {
        "POST /api/accounts" => Object(("accountId", Gen.Elements(targets.SignUpIds.ToArray()).Select(Str)),
            ("email", Strings("fuzz@example.com", "not-an-email", "a@b"))),
        "POST /api/accounts/{accountId}/purchases" => Object(("plan", Plans), ("channel", Channels), ("transactionId", TransactionIds)),
        "PUT /api/accounts/{accountId}/auto-renew" => Object(("enabled", Gen.Elements("true", "false"))),
        "POST /api/accounts/{accountId}/licences" => Object(("key", Strings("KEY-1", "key-1", "KEY-2", "KEY-3")), ("product", Products)),
        "POST /api/accounts/{accountId}/licence-packs" or "POST /api/accounts/{accountId}/refunds" => Object(("transactionId", TransactionIds)),
        "POST /api/accounts/{accountId}/hosts" => Object(("hostId", Strings("h-1", "h-2", "h-3", "h-4", "h-5", "h-6")), ("name", Strings("Host", ""))),
        "POST /api/accounts/{accountId}/devices" => Object(("deviceId", Strings("d-1", "d-2", "d-3")), ("platform", Strings("ios", "android", "web")),
            ("name", Strings("Device"))),
        "PUT /api/admin/accounts/{accountId}/subscription" => Object(("expiresAt", Wire), ("tier", Strings("trial", "free", "paid")), ("plan", Plans)),
        "POST /api/stores/app-store/notifications" => Object(("signedPayload", AppStorePayload())),
        "POST /api/stores/google-play/notifications" => Object(("message", Object(("data", PlayData()), ("messageId", Strings("m-1", "m-2", "m-3")),
            ("publishTime", Wire))), ("subscription", Strings("projects/p/subscriptions/play"))),
        "POST /api/stores/cleverbridge/notifications" => Object(("eventId", Strings("e-1", "e-2", "e-3", "e-4")),
            ("eventType", Strings("purchase", "renewal", "renewal-failed", "auto-renew-off", "auto-renew-on", "refund", "chargeback", "deactivated", "bogus")),
            ("subscriptionId", Strings("s-1", "s-2")), ("purchaseId", Strings("p-1", "p-2")),
            ("accountId", Strings(targets.AccountA, targets.AccountB, "nobody")), ("plan", Plans), ("occurredAt", Wire), ("nextBillingAt", Wire)),
        _ => Object(("accountId", Strings(targets.AccountA)), ("transactionId", TransactionIds), ("hostId", Strings("h-1")), ("enabled", Gen.Constant("true"))),
    };

    private static readonly Gen<string> Plans = Strings("monthly", "annual", "biennial");
    private static readonly Gen<string> Channels = Strings("web", "app-store", "google-play");
    private static readonly Gen<string> Products = Strings("desktop-pro-subscription", "desktop-permanent");

    private static Gen<string> Millis => Gen.Choose(-400, 800).Select(days =>
        DateTimeOffset.UtcNow.AddDays(days).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>A JWS signed by the test authority (when the stores are configured) over a near-valid notification.</summary>
    private Gen<string> AppStorePayload()
    {
        if (apple is null) return Strings("a.b.c", "not-a-jws");
        var transaction = Object(("transactionId", Strings("at-1", "at-2")), ("originalTransactionId", Strings("ao-1")),
            ("bundleId", Strings(StoreNode.BundleId, "com.other")), ("productId", Strings(StoreNode.AppStoreMonthly, StoreNode.AppStoreAnnual, "unknown")),
            ("purchaseDate", Millis), ("expiresDate", Millis), ("appAccountToken", Strings(targets.StoreTokenA, Guid.Empty.ToString())),
            ("environment", Strings("Production", "Sandbox")), ("signedDate", Millis));
        var notification = transaction.SelectMany(t => Object(
            ("notificationType", Strings("SUBSCRIBED", "DID_RENEW", "DID_CHANGE_RENEWAL_STATUS", "DID_FAIL_TO_RENEW", "EXPIRED", "REFUND", "TEST", "BOGUS")),
            ("subtype", Strings("AUTO_RENEW_ENABLED", "AUTO_RENEW_DISABLED", "GRACE_PERIOD")), ("notificationUUID", Strings("u-1", "u-2", "u-3")),
            ("version", Strings("2.0")), ("signedDate", Millis),
            ("data", Object(("bundleId", Strings(StoreNode.BundleId)), ("environment", Strings("Production")),
                ("signedTransactionInfo", Gen.Constant(Str(SignOrJunk(t))))))));
        return Gen.Frequency((6, notification.Select(n => Str(SignOrJunk(n)))), (1, Strings("a.b.c", "", "eyJ9.eyJ9.x")));
    }

    /// <summary>A Pub/Sub <c>data</c>: base64 of a near-valid developer notification.</summary>
    private static Gen<string> PlayData() => Object(("version", Strings("1.0")), ("packageName", Strings(StoreNode.PackageName, "com.other")),
            ("eventTimeMillis", Millis.Select(Str)),
            ("subscriptionNotification", Object(("version", Strings("1.0")), ("notificationType", Gen.Choose(-1, 14).Select(n => n.ToString(CultureInfo.InvariantCulture))),
                ("purchaseToken", Strings("pt-1", "pt-2")), ("subscriptionId", Strings(StoreNode.PlayMonthly, "unknown")))))
        .SelectMany(text => Gen.Elements(Str(Convert.ToBase64String(Encoding.UTF8.GetBytes(text))), Str("%%not-base64%%")));

    private string SignOrJunk(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return apple!.Sign(document.RootElement.Clone());
        }
        catch (JsonException)
        {
            // A hostile value the JSON reader refuses (deeper than 64 levels): sent as it is, unsigned.
            return json;
        }
    }
}
