using System.Net;
using System.Text;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

[Collection(SharedNodeCollection.Name)]
public sealed class SignUpAndAccountRouteSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task Sign_up_starts_a_trial_and_returns_the_api_key_once()
    {
        using var anonymous = _node.Client(bearer: null);
        var id = SharedNode.NewId("signup");

        var (status, body) = await anonymous.PostJsonAsync("/api/accounts", new { accountId = id, email = "new@example.com" });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(id, body.Text("accountId"));
        Assert.StartsWith("ak_", body.Text("apiKey"));
        Assert.Equal("trial", body.Text("account.subscription.tier"));
        Assert.Equal("active", body.Text("account.subscription.status"));
        var created = DateTimeOffset.Parse(body.Text("account.createdAt"));
        var expires = DateTimeOffset.Parse(body.Text("account.subscription.expiresAt"));
        Assert.Equal(TimeSpan.FromDays(14), expires - created);
        Assert.EndsWith("Z", body.Text("account.subscription.expiresAt"));

        using var owner = _node.Client(body.Text("apiKey"));
        var (getStatus, view) = await owner.GetJsonAsync($"/api/accounts/{id}");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal("new@example.com", view.Text("email"));
        Assert.Null(view!["apiKey"]);
    }

    [Fact]
    public async Task Signing_up_an_existing_account_id_is_a_conflict()
    {
        using var client = _node.Client();
        var id = SharedNode.NewId("twice");
        await client.SignUpAsync(id);

        var second = await client.PostJsonAsync("/api/accounts", new { accountId = id, email = "other@example.com" });

        second.AssertProblem(HttpStatusCode.Conflict, "account-exists");
    }

    [Theory]
    [InlineData("has space", "accountId")]
    [InlineData("slash/inside", "accountId")]
    [InlineData("", "accountId")]
    public async Task Sign_up_with_a_bad_account_id_names_the_field(string accountId, string field)
    {
        using var client = _node.Client();
        var response = await client.PostJsonAsync("/api/accounts", new { accountId, email = "a@example.com" });
        response.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(field, response.Body.Text("field"));
    }

    [Fact]
    public async Task An_account_id_longer_than_64_characters_is_rejected()
    {
        using var client = _node.Client();
        var response = await client.PostJsonAsync("/api/accounts", new { accountId = new string('a', 65), email = "a@example.com" });
        response.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("accountId", response.Body.Text("field"));
    }

    [Fact]
    public async Task Sign_up_without_a_valid_email_names_the_field()
    {
        using var client = _node.Client();
        var missing = await client.PostJsonAsync("/api/accounts", new { accountId = SharedNode.NewId("mail") });
        var wrong = await client.PostJsonAsync("/api/accounts", new { accountId = SharedNode.NewId("mail"), email = "not-an-address" });

        missing.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("email", missing.Body.Text("field"));
        wrong.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("email", wrong.Body.Text("field"));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var client = _node.Client();
        using var content = new StringContent("{\"accountId\": \"x\", ", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/accounts", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\":\"malformed-json\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_json_member_of_the_wrong_type_names_the_field()
    {
        using var client = _node.Client();
        var id = SharedNode.NewId("types");
        await client.SignUpAsync(id);

        var response = await client.PutJsonAsync($"/api/accounts/{id}/auto-renew", new { enabled = "yes" });

        response.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("enabled", response.Body.Text("field"));
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_refused_with_413()
    {
        using var client = _node.Client();
        var huge = new { accountId = "big", email = "a@example.com", padding = new string('x', 70 * 1024) };

        var response = await client.PostJsonAsync("/api/accounts", huge);

        response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Account_routes_need_a_key_and_the_right_one()
    {
        using var operatorClient = _node.Client();
        var id = SharedNode.NewId("auth");
        var other = SharedNode.NewId("auth-other");
        await operatorClient.SignUpAsync(id);
        var otherKey = await operatorClient.SignUpAsync(other);

        using var anonymous = _node.Client(bearer: null);
        using var wrong = _node.Client("ak_not-a-real-key");
        using var someoneElse = _node.Client(otherKey);

        var none = await anonymous.GetJsonAsync($"/api/accounts/{id}");
        none.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await wrong.GetJsonAsync($"/api/accounts/{id}")).AssertProblem(HttpStatusCode.Forbidden, "invalid-api-key");
        (await someoneElse.GetJsonAsync($"/api/accounts/{id}")).AssertProblem(HttpStatusCode.Forbidden, "invalid-api-key");
        (await someoneElse.PostJsonAsync($"/api/accounts/{id}/licence-packs", new { transactionId = "steal-1" }))
            .AssertProblem(HttpStatusCode.Forbidden, "invalid-api-key");
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetJsonAsync($"/api/accounts/{id}")).Status);
    }

    [Fact]
    public async Task A_401_asks_for_a_bearer_credential_and_only_the_header_carries_an_account_key()
    {
        using var operatorClient = _node.Client();
        var id = SharedNode.NewId("bearer");
        var key = await operatorClient.SignUpAsync(id);
        using var anonymous = _node.Client(bearer: null);

        using var none = await anonymous.GetAsync($"/api/accounts/{id}");
        using var inQuery = await anonymous.GetAsync($"/api/accounts/{id}?access_token={Uri.EscapeDataString(key)}");
        using var otherScheme = new HttpRequestMessage(HttpMethod.Get, $"/api/accounts/{id}");
        otherScheme.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", key);
        using var basic = await anonymous.SendAsync(otherScheme);

        foreach (var response in new[] { none, inQuery, basic })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"code\":\"unauthorized\"", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_device_or_host_token_is_not_an_account_key()
    {
        using var operatorClient = _node.Client();
        var id = SharedNode.NewId("tok");
        await operatorClient.SignUpAsync(id);
        var (_, device) = await operatorClient.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "Phone" });
        var (_, host) = await operatorClient.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "mac", name = "Mac" });

        foreach (var token in new[] { device.Text("token"), host.Text("token") })
        {
            using var client = _node.Client(token);
            (await client.GetJsonAsync($"/api/accounts/{id}")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
            (await client.PostJsonAsync($"/api/accounts/{id}/licence-packs", new { transactionId = "by-token" }))
                .AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }
        Assert.Equal(0, (await operatorClient.GetJsonAsync($"/api/accounts/{id}")).Body!["licencePacks"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unknown_account_is_a_404()
    {
        using var client = _node.Client();
        (await client.GetJsonAsync($"/api/accounts/{SharedNode.NewId("ghost")}")).AssertProblem(HttpStatusCode.NotFound, "account-not-found");
        (await client.PostJsonAsync($"/api/accounts/{SharedNode.NewId("ghost")}/purchases",
                new { plan = "monthly", channel = "web", transactionId = "t-1" }))
            .AssertProblem(HttpStatusCode.NotFound, "account-not-found");
    }
}
