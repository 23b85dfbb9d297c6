using System.Net;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

[Collection(SharedNodeCollection.Name)]
public sealed class AdminAndOperationsRouteSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task The_operator_sets_an_expiry_in_the_past_and_the_subscription_reads_expired()
    {
        using var client = _node.Client();
        var id = SharedNode.NewId("adm");
        var key = await client.SignUpAsync(id);
        using var owner = _node.Client(key);

        var byOwner = await owner.PutJsonAsync($"/api/admin/accounts/{id}/subscription", new { expiresAt = "2020-01-01T00:00:00Z" });
        var adjusted = await client.PutJsonAsync($"/api/admin/accounts/{id}/subscription",
            new { expiresAt = "2020-01-01T00:00:00Z", tier = "paid", plan = "annual" });
        var badDate = await client.PutJsonAsync($"/api/admin/accounts/{id}/subscription", new { expiresAt = "yesterday" });
        var badTier = await client.PutJsonAsync($"/api/admin/accounts/{id}/subscription", new { expiresAt = "2030-01-01T00:00:00Z", tier = "gold" });

        byOwner.AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, adjusted.Status);
        Assert.Equal("2020-01-01T00:00:00.000Z", adjusted.Body.Text("subscription.expiresAt"));
        Assert.Equal("expired", adjusted.Body.Text("subscription.status"));
        Assert.Equal("paid", adjusted.Body.Text("subscription.tier"));
        badDate.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("expiresAt", badDate.Body.Text("field"));
        badTier.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("tier", badTier.Body.Text("field"));
    }

    [Theory]
    [InlineData("PUT", "/api/admin/accounts/{0}/subscription")]
    [InlineData("GET", "/api/admin/cluster")]
    public async Task Operator_routes_refuse_an_account_key_with_403_and_no_key_or_a_device_token_with_401(string method, string route)
    {
        using var operatorClient = _node.Client();
        var id = SharedNode.NewId("opr");
        var accountKey = await operatorClient.SignUpAsync(id);
        var (_, device) = await operatorClient.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "Phone" });
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, route, id);
        var body = method == "PUT" ? new { expiresAt = "2020-01-01T00:00:00Z" } : null;

        using var owner = _node.Client(accountKey);
        using var anonymous = _node.Client(bearer: null);
        using var deviceClient = _node.Client(device.Text("token"));
        var byAccountKey = await owner.SendAsync(new HttpMethod(method), path, body);
        var byNobody = await anonymous.SendAsync(new HttpMethod(method), path, body);
        var byDevice = await deviceClient.SendAsync(new HttpMethod(method), path, body);
        var afterRefusals = (await operatorClient.GetJsonAsync($"/api/accounts/{id}")).Body;
        var byOperator = await operatorClient.SendAsync(new HttpMethod(method), path, body);

        byAccountKey.AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        byNobody.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        byDevice.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("trial", afterRefusals.Text("subscription.tier"));
        Assert.Equal("active", afterRefusals.Text("subscription.status"));
        Assert.Equal(HttpStatusCode.OK, byOperator.Status);
    }

    [Fact]
    public async Task Health_metrics_and_the_openapi_document_are_served()
    {
        using var client = _node.Client(bearer: null);
        using var operatorClient = _node.Client();
        await operatorClient.SignUpAsync(SharedNode.NewId("metrics"));

        var live = await client.GetJsonAsync("/healthz/live");
        var ready = await client.GetJsonAsync("/healthz/ready");
        var metrics = await (await client.GetAsync(new Uri(_node.BaseAddress, "/metrics"))).Content.ReadAsStringAsync();
        var openApi = await (await client.GetAsync(new Uri(_node.BaseAddress, "/openapi/v1.json"))).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Contains("actorsubs_commands_total{command=\"CreateAccount\",outcome=\"accepted\"}", metrics);
        Assert.Contains("actorsubs_command_duration_seconds_bucket", metrics);
        Assert.Contains("http_request_duration_seconds", metrics);
        // The timeline: accounts in memory, the wake-up index's pending entries, its lateness and its catch-up backlog.
        Assert.Matches(@"(?m)^actorsubs_accounts_live \d+", metrics);
        Assert.Matches(@"(?m)^actorsubs_wakeups_pending \d+", metrics);
        Assert.Matches(@"(?m)^actorsubs_wakeups_catchup_backlog \d+", metrics);
        Assert.Contains("actorsubs_wakeup_lateness_seconds_bucket{le=\"0.25\"}", metrics);
        Assert.Contains("\"/api/accounts/{accountId}/purchases\"", openApi);
        Assert.Contains("\"/api/admin/cluster\"", openApi);
    }
}
