using System.Net;
using System.Text;
using ActorSubs.Node.Api;
using ActorSubs.Node.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ActorSubs.Node.Tests.Abuse;

/// <summary>
/// No credential of account A opens account B. The routes are read from the node's own endpoints, so a route added
/// later with an <c>{accountId}</c> is tried too, and the spec fails until it knows a valid request for it. For each, A's
/// API key, A's device token and A's host token on B are refused with the documented status and code, and then B's own
/// credential (the operator key on an admin route) is accepted with the same request, which shows the request was
/// valid and only the credential was refused. On the sockets, A's tokens rewritten to name B are refused.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class CrossAccountSpecs(SharedNode shared)
{
    private const string HostToRemove = "host-to-remove";
    private const string DeviceToRemove = "device-to-remove";
    private const string PackToRefund = "pack-to-refund";

    private readonly TestNode _node = shared.Node;

    /// <summary>A request each account-scoped route accepts from B's own credential, by "METHOD pattern".</summary>
    private static readonly Dictionary<string, Func<object?>> ValidBodies = new()
    {
        ["GET /api/accounts/{accountId}"] = () => null,
        ["GET /api/accounts/{accountId}/notifications"] = () => null,
        ["POST /api/accounts/{accountId}/purchases"] = () => new { plan = "annual", channel = "web", transactionId = Unique("tx") },
        ["PUT /api/accounts/{accountId}/auto-renew"] = () => new { enabled = true },
        ["POST /api/accounts/{accountId}/licences"] = () => new { key = Unique("KEY"), product = "desktop-pro-subscription" },
        ["POST /api/accounts/{accountId}/licence-packs"] = () => new { transactionId = Unique("pack") },
        ["POST /api/accounts/{accountId}/refunds"] = () => new { transactionId = PackToRefund },
        ["POST /api/accounts/{accountId}/hosts"] = () => new { hostId = Unique("host"), name = "Host" },
        ["DELETE /api/accounts/{accountId}/hosts/{hostId}"] = () => null,
        ["POST /api/accounts/{accountId}/devices"] = () => new { deviceId = Unique("device"), platform = "ios", name = "Device" },
        ["DELETE /api/accounts/{accountId}/devices/{deviceId}"] = () => null,
        ["PUT /api/admin/accounts/{accountId}/subscription"] = () => new { expiresAt = TestAccount.Wire(DateTimeOffset.UtcNow.AddDays(5)), tier = "paid", plan = "annual" },
    };

    [Fact]
    public async Task No_credential_of_one_account_opens_any_route_of_another()
    {
        var routes = AccountScopedRoutes();
        var uncovered = routes.Select(r => r.Key).Where(key => !ValidBodies.ContainsKey(key)).ToList();
        Assert.True(uncovered.Count == 0, "account-scoped routes this spec does not know a valid request for (add them to ValidBodies): " +
                                         string.Join(", ", uncovered));
        var stale = ValidBodies.Keys.Where(key => routes.All(r => r.Key != key)).ToList();
        Assert.True(stale.Count == 0, "ValidBodies names routes the node does not map: " + string.Join(", ", stale));

        var (a, b) = (await Party.SignUpAsync(_node, "xa"), await Party.SignUpAsync(_node, "xb"));
        await PrepareAsync(b);
        var failures = new List<string>();
        foreach (var route in routes)
        {
            var path = route.Path(b.Id);
            var body = ValidBodies[route.Key];
            foreach (var (what, credential, status, code) in new[]
                     {
                         ("A's API key", a.Key, HttpStatusCode.Forbidden, route.IsAdmin ? "forbidden" : "invalid-api-key"),
                         ("A's device token", a.DeviceToken, HttpStatusCode.Unauthorized, "unauthorized"),
                         ("A's host token", a.HostToken, HttpStatusCode.Unauthorized, "unauthorized"),
                     })
            {
                using var client = _node.Client(credential);
                var answer = await Answer.SendAsync(client, route.Method, path, body());
                if (answer.Status != status || answer.Body.Text("code") != code)
                    failures.Add($"{route.Key} with {what}: expected {(int)status} {code}, got {answer}");
            }

            using var own = _node.Client(route.IsAdmin ? TestNode.OperatorKey : b.Key);
            var accepted = await Answer.SendAsync(own, route.Method, path, body());
            if ((int)accepted.Status is < 200 or > 299)
                failures.Add($"{route.Key} with B's own credential: expected 2xx (the request is valid), got {accepted}");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("/ws/device", false)]
    [InlineData("/ws/device", true)]
    [InlineData("/ws/host", false)]
    [InlineData("/ws/host", true)]
    public async Task A_token_of_one_account_rewritten_to_name_another_does_not_open_its_socket(string path, bool inQuery)
    {
        var (a, b) = (await Party.SignUpAsync(_node, "wa"), await Party.SignUpAsync(_node, "wb"));
        var token = path == "/ws/device" ? a.DeviceToken : a.HostToken;

        // B has an agent of the same id, so only the secret, which B never issued, can tell them apart.
        var renamed = WithAccount(token, b.Id);
        (await WebSocketUpgrade.RefusalAsync(_node, path, renamed, inQuery)).AssertProblem(HttpStatusCode.Unauthorized, "invalid-token");
        // The untouched token still opens A's socket: only the rewrite was refused.
        await using var ws = await WsClient.ConnectAsync(_node, path, token, inQuery);
        await ws.ReceiveTypeAsync("welcome");
    }

    [Fact]
    public async Task A_device_token_attaches_to_the_account_it_was_issued_by()
    {
        var (a, b) = (await Party.SignUpAsync(_node, "own"), await Party.SignUpAsync(_node, "other"));
        using var operatorClient = _node.Client();
        await operatorClient.PutJsonAsync($"/api/admin/accounts/{b.Id}/subscription",
            new { expiresAt = TestAccount.Wire(DateTimeOffset.UtcNow.AddDays(30)), tier = "free" });

        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", a.DeviceToken);
        var welcome = await ws.ReceiveTypeAsync("welcome");

        // A is on its trial, B on a free tier: the session is A's.
        Assert.Equal("trial", welcome.Text("subscription.tier"));
    }

    /// <summary>B's state that makes every control request valid: a host and a device to remove, a pack to refund, and a
    /// paid web subscription inside its renewal window (so a purchase and auto-renew are accepted).</summary>
    private async Task PrepareAsync(Party b)
    {
        using var operatorClient = _node.Client();
        var steps = new[]
        {
            await operatorClient.PostJsonAsync($"/api/accounts/{b.Id}/hosts", new { hostId = HostToRemove, name = "Host" }),
            await operatorClient.PostJsonAsync($"/api/accounts/{b.Id}/devices", new { deviceId = DeviceToRemove, platform = "ios", name = "Device" }),
            await operatorClient.PostJsonAsync($"/api/accounts/{b.Id}/licence-packs", new { transactionId = PackToRefund }),
            await operatorClient.PutJsonAsync($"/api/admin/accounts/{b.Id}/subscription",
                new { expiresAt = TestAccount.Wire(DateTimeOffset.UtcNow.AddDays(5)), tier = "paid", plan = "annual" }),
        };
        foreach (var (status, body) in steps)
            Assert.True((int)status is >= 200 and <= 299, $"preparing {b.Id}: {(int)status} {body}");
    }

    private IReadOnlyList<AccountRoute> AccountScopedRoutes() =>
        _node.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.GetParameter("accountId") is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new AccountRoute(
                new HttpMethod(method), e.RoutePattern.RawText!,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(d => d.Policy == ApiPolicies.Operator))))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];

    /// <summary>A token <c>kind.account.agent.secret</c> with its account segment replaced.</summary>
    private static string WithAccount(string token, string accountId)
    {
        var parts = token.Split('.');
        parts[1] = Convert.ToBase64String(Encoding.UTF8.GetBytes(accountId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return string.Join('.', parts);
    }

    private sealed record AccountRoute(HttpMethod Method, string Pattern, bool IsAdmin)
    {
        public string Key => $"{Method.Method} {Pattern}";

        public string Path(string accountId) => Pattern
            .Replace("{accountId}", accountId).Replace("{hostId}", HostToRemove).Replace("{deviceId}", DeviceToRemove);
    }

    /// <summary>An account with its key, a device "phone" and a host "mac" (every party has agents of the same ids).</summary>
    private sealed record Party(string Id, string Key, string DeviceToken, string HostToken)
    {
        public static async Task<Party> SignUpAsync(TestNode node, string prefix)
        {
            using var operatorClient = node.Client();
            var id = SharedNode.NewId(prefix);
            var key = await operatorClient.SignUpAsync(id);
            var device = await operatorClient.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "Phone" });
            var host = await operatorClient.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "mac", name = "Mac" });
            Assert.True(device.Status == HttpStatusCode.Created && host.Status == HttpStatusCode.Created, $"{device.Body} {host.Body}");
            return new Party(id, key, device.Body.Text("token"), host.Body.Text("token"));
        }
    }
}
