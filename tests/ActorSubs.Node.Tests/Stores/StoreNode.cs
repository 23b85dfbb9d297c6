using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// One real node with all three stores configured, shared by the store route specs (each uses its own accounts): the
/// App Store trusts a test authority's root (a PEM file), Google Play reads a fake Play Developer API on loopback, and
/// Cleverbridge checks basic auth and a real HMAC. Also the helpers that post notifications as each store does.
/// </summary>
public sealed class StoreNode : IAsyncLifetime
{
    public const string BundleId = "com.example.access";
    public const string PackageName = "com.example.access";
    public const string PushToken = "push-token-0123456789";
    public const string CleverbridgeUser = "cleverbridge";
    public const string CleverbridgePassword = "cb-password-0123456789";
    public const string SigningKey = "cb-signing-key-0123456789";
    public const string AppStoreMonthly = "com.example.access.monthly";
    public const string AppStoreAnnual = "com.example.access.annual";
    public const string PlayMonthly = "access.monthly";
    public const string PlayAnnual = "access.annual";

    private readonly string _rootFile = Path.Combine(Path.GetTempPath(), $"actorsubs-appstore-root-{Guid.NewGuid():N}.pem");

    public TestNode Node { get; private set; } = null!;

    public AppStoreAuthority Apple { get; } = AppStoreAuthority.Create();

    public FakePlayDeveloperApi Play { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_rootFile, Apple.Root.ExportCertificatePem());
        Play = await FakePlayDeveloperApi.StartAsync();
        Node = await TestNode.StartAsync(new Dictionary<string, string?>
        {
            ["ActorSubs:Stores:AppStore:RootCertificates:0"] = _rootFile,
            ["ActorSubs:Stores:AppStore:BundleId"] = BundleId,
            [$"ActorSubs:Stores:AppStore:Products:{AppStoreMonthly}"] = "monthly",
            [$"ActorSubs:Stores:AppStore:Products:{AppStoreAnnual}"] = "annual",
            ["ActorSubs:Stores:GooglePlay:PushToken"] = PushToken,
            ["ActorSubs:Stores:GooglePlay:PackageName"] = PackageName,
            ["ActorSubs:Stores:GooglePlay:ApiBaseUrl"] = Play.BaseUrl.ToString(),
            ["ActorSubs:Stores:GooglePlay:AccessToken"] = FakePlayDeveloperApi.AccessToken,
            ["ActorSubs:Stores:GooglePlay:ApiTimeout"] = "00:00:03",
            [$"ActorSubs:Stores:GooglePlay:Products:{PlayMonthly}"] = "monthly",
            [$"ActorSubs:Stores:GooglePlay:Products:{PlayAnnual}"] = "annual",
            ["ActorSubs:Stores:Cleverbridge:User"] = CleverbridgeUser,
            ["ActorSubs:Stores:Cleverbridge:Password"] = CleverbridgePassword,
            ["ActorSubs:Stores:Cleverbridge:SigningKey"] = SigningKey,
            // The account charges google-play and web renewals itself (R9); declined here, so only the stores move expiries.
            ["ActorSubs:Payments:Simulated:GooglePlay:Decline"] = "true",
            ["ActorSubs:Payments:Simulated:Web:Decline"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Play.DisposeAsync();
        Apple.Dispose();
        File.Delete(_rootFile);
    }

    /// <summary>A new account: its id and its store account token as the account view shows it.</summary>
    public async Task<(string Id, string Token)> SignUpAsync(string prefix)
    {
        using var client = Node.Client();
        var id = SharedNode.NewId(prefix);
        var (status, body) = await client.PostJsonAsync("/api/accounts", new { accountId = id, email = $"{id}@example.com" });
        Assert.Equal(HttpStatusCode.Created, status);
        return (id, body.Text("account.storeAccountToken"));
    }

    public async Task<JsonNode> AccountAsync(string id)
    {
        using var client = Node.Client();
        var (status, body) = await client.GetJsonAsync($"/api/accounts/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    public async Task<JsonNode> ParkedAsync()
    {
        using var client = Node.Client();
        var (status, body) = await client.GetJsonAsync("/api/admin/stores/parked");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    /// <summary>The node's value of <c>actorsubs_store_notifications_parked_total{store}</c> (0 before the first).</summary>
    public async Task<double> ParkedCounterAsync(string store)
    {
        using var client = Node.Client(bearer: null);
        var text = await client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith($"actorsubs_store_notifications_parked_total{{store=\"{store}\"}} ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    // ---- App Store ----

    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static object Transaction(string transactionId, string originalTransactionId, string productId, DateTimeOffset purchased,
        DateTimeOffset expires, string? appAccountToken) => new
    {
        transactionId, originalTransactionId, bundleId = BundleId, productId, purchaseDate = Ms(purchased), expiresDate = Ms(expires),
        appAccountToken, environment = "Production", signedDate = Ms(purchased),
    };

    public static object Renewal(string originalTransactionId, int autoRenewStatus, DateTimeOffset? graceEnds = null) => new
    {
        originalTransactionId, autoRenewStatus, isInBillingRetryPeriod = graceEnds is not null,
        gracePeriodExpiresDate = graceEnds is { } g ? Ms(g) : (long?)null, environment = "Production", signedDate = Ms(DateTimeOffset.UtcNow),
    };

    /// <summary>A signed notification as the App Store posts it, its parts signed by the test authority.</summary>
    public object AppStoreBody(string type, string? subtype, string uuid, DateTimeOffset signed, object? transaction, object? renewal = null) => new
    {
        signedPayload = Apple.Sign(new
        {
            notificationType = type, subtype, notificationUUID = uuid, version = "2.0", signedDate = Ms(signed),
            data = new
            {
                bundleId = BundleId, environment = "Production",
                signedTransactionInfo = transaction is null ? null : Apple.Sign(transaction),
                signedRenewalInfo = renewal is null ? null : Apple.Sign(renewal),
            },
        }),
    };

    public async Task<(HttpStatusCode Status, JsonNode? Body)> PostAppStoreAsync(object body)
    {
        using var client = Node.Client(bearer: null);
        return await client.PostJsonAsync("/api/stores/app-store/notifications", body);
    }

    // ---- Google Play ----

    public static object State(string state, string orderId, string productId, DateTimeOffset start, DateTimeOffset expiry, string? accountToken,
        bool autoRenew = true) => new
    {
        subscriptionState = state, latestOrderId = orderId, startTime = start,
        externalAccountIdentifiers = accountToken is null ? null : new { obfuscatedExternalAccountId = accountToken },
        lineItems = new[] { new { productId, expiryTime = expiry, autoRenewingPlan = new { autoRenewEnabled = autoRenew } } },
    };

    public static object SubscriptionNotification(int type, string purchaseToken, DateTimeOffset at, string productId = PlayMonthly) => new
    {
        version = "1.0", packageName = PackageName, eventTimeMillis = Ms(at).ToString(System.Globalization.CultureInfo.InvariantCulture),
        subscriptionNotification = new { version = "1.0", notificationType = type, purchaseToken, subscriptionId = productId },
    };

    public async Task<(HttpStatusCode Status, JsonNode? Body)> PostPlayAsync(object developerNotification, string messageId, string? token = PushToken)
    {
        var data = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(developerNotification));
        var envelope = new { message = new { data, messageId, publishTime = DateTimeOffset.UtcNow }, subscription = "projects/p/subscriptions/play" };
        using var client = Node.Client(bearer: null);
        return await client.PostJsonAsync($"/api/stores/google-play/notifications{(token is null ? "" : "?token=" + Uri.EscapeDataString(token))}", envelope);
    }

    // ---- Cleverbridge ----

    public static object CleverbridgeEvent(string eventId, string eventType, string subscriptionId, string purchaseId, string accountId,
        DateTimeOffset occurredAt, string plan = "annual", DateTimeOffset? nextBillingAt = null) => new
    {
        eventId, eventType, subscriptionId, purchaseId, accountId, plan, occurredAt, nextBillingAt,
    };

    public async Task<(HttpStatusCode Status, JsonNode? Body)> PostCleverbridgeAsync(object evt, string password = CleverbridgePassword,
        string signingKey = SigningKey, byte[]? rawBody = null)
    {
        var body = rawBody ?? JsonSerializer.SerializeToUtf8Bytes(evt, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stores/cleverbridge/notifications")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CleverbridgeUser}:{password}")));
        request.Headers.Add("X-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), body)));
        using var client = Node.Client(bearer: null);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}

[CollectionDefinition(Name)]
public sealed class StoreNodeCollection : ICollectionFixture<StoreNode>
{
    public const string Name = "store node";
}
