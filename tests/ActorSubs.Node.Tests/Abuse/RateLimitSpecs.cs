using System.Net;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Abuse;

/// <summary>
/// docs/api.md, Rate limits: sign-ups and store notifications per client address, account routes per account key, and
/// the lockout of an address that sent too many refused credentials; over a limit, 429 <c>rate-limited</c> with
/// Retry-After. The valid operator key is never limited. Every limit here is 3 a minute (<see cref="RateLimitedNode"/>).
/// </summary>
public sealed class RateLimitSpecs(RateLimitedNode fixture) : IClassFixture<RateLimitedNode>
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly TestNode _node = fixture.Node;

    [Fact]
    public async Task Sign_ups_over_the_limit_from_one_address_get_429_while_another_address_still_signs_up()
    {
        using var first = SourceAddress.Client(_node, "127.0.1.1");
        using var second = SourceAddress.Client(_node, "127.0.1.2");

        for (var i = 0; i < RateLimitedNode.Limit; i++)
            Assert.Equal(HttpStatusCode.Created, (await Answer.SignUpAsync(first, SharedNode.NewId("su"))).Status);
        var refusedId = SharedNode.NewId("su-over");
        (await Answer.SignUpAsync(first, refusedId)).AssertRateLimited(Window);

        Assert.Equal(HttpStatusCode.Created, (await Answer.SignUpAsync(second, SharedNode.NewId("su-other"))).Status);
        // Refused before the handler: the account was not created.
        using var operatorClient = _node.Client();
        (await operatorClient.GetJsonAsync($"/api/accounts/{refusedId}")).AssertProblem(HttpStatusCode.NotFound, "account-not-found");
    }

    [Fact]
    public async Task The_valid_operator_key_signs_up_without_limit_but_another_key_in_its_place_is_limited()
    {
        using var operatorClient = SourceAddress.Client(_node, "127.0.2.1", TestNode.OperatorKey);
        using var wrongKey = SourceAddress.Client(_node, "127.0.2.1", "test-operator-key-0123456780");

        for (var i = 0; i < 3 * RateLimitedNode.Limit; i++)
            Assert.Equal(HttpStatusCode.Created, (await Answer.SignUpAsync(operatorClient, SharedNode.NewId("op"))).Status);

        // The same address with a header that is not the operator key is an anonymous caller: its own 3 a minute.
        for (var i = 0; i < RateLimitedNode.Limit; i++)
            Assert.Equal(HttpStatusCode.Created, (await Answer.SignUpAsync(wrongKey, SharedNode.NewId("nk"))).Status);
        (await Answer.SignUpAsync(wrongKey, SharedNode.NewId("nk-over"))).AssertRateLimited(Window);
        Assert.Equal(HttpStatusCode.Created, (await Answer.SignUpAsync(operatorClient, SharedNode.NewId("op-after"))).Status);
    }

    [Fact]
    public async Task Requests_with_one_account_key_over_the_limit_get_429_while_other_keys_and_the_operator_go_on()
    {
        using var operatorClient = _node.Client();
        var (a, b) = (SharedNode.NewId("ka"), SharedNode.NewId("kb"));
        var aKey = await operatorClient.SignUpAsync(a);
        var bKey = await operatorClient.SignUpAsync(b);
        using var aClient = _node.Client(aKey);
        using var bClient = _node.Client(bKey);

        for (var i = 0; i < RateLimitedNode.Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await Answer.SendAsync(aClient, HttpMethod.Get, $"/api/accounts/{a}")).Status);
        var refused = await Answer.SendAsync(aClient, HttpMethod.Get, $"/api/accounts/{a}/notifications");
        refused.AssertRateLimited(Window);
        Assert.Contains("account key", refused.Body.Text("detail"));

        // Per key, not per address: B's key from the same address is untouched, and the operator is never limited.
        Assert.Equal(HttpStatusCode.OK, (await Answer.SendAsync(bClient, HttpMethod.Get, $"/api/accounts/{b}")).Status);
        for (var i = 0; i < 2 * RateLimitedNode.Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await Answer.SendAsync(operatorClient, HttpMethod.Get, $"/api/accounts/{a}")).Status);
    }

    [Fact]
    public async Task An_address_that_sent_too_many_refused_credentials_is_refused_with_429_even_with_a_valid_key()
    {
        using var operatorClient = _node.Client();
        var id = SharedNode.NewId("lock");
        var key = await operatorClient.SignUpAsync(id);
        var deviceToken = (await operatorClient.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "Phone" }))
            .Body.Text("token");
        using var guesser = SourceAddress.Client(_node, "127.0.3.1", "ak_guessed-key");
        using var deviceOnApi = SourceAddress.Client(_node, "127.0.3.1", deviceToken);

        // Refusals of every kind count: a wrong key (403 invalid-api-key) and a credential the route does not take (401).
        Assert.Equal(HttpStatusCode.Forbidden, (await Answer.SendAsync(guesser, HttpMethod.Get, $"/api/accounts/{id}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Answer.SendAsync(deviceOnApi, HttpMethod.Get, $"/api/accounts/{id}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Answer.SendAsync(guesser, HttpMethod.Get, $"/api/admin/cluster")).Status);

        using var owner = SourceAddress.Client(_node, "127.0.3.1", key);
        var refused = await Answer.SendAsync(owner, HttpMethod.Get, $"/api/accounts/{id}");
        refused.AssertRateLimited(Window);
        Assert.Contains("refused credentials", refused.Body.Text("detail"));
        (await Answer.SendAsync(guesser, HttpMethod.Get, $"/api/accounts/{id}")).AssertRateLimited(Window);

        // The operator key from the same address, the owner from another address, and a request without a credential
        // (sign-up) from the same address all go through.
        using var operatorThere = SourceAddress.Client(_node, "127.0.3.1", TestNode.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, (await Answer.SendAsync(operatorThere, HttpMethod.Get, $"/api/accounts/{id}")).Status);
        using var ownerElsewhere = SourceAddress.Client(_node, "127.0.3.2", key);
        Assert.Equal(HttpStatusCode.OK, (await Answer.SendAsync(ownerElsewhere, HttpMethod.Get, $"/api/accounts/{id}")).Status);
        using var anonymousThere = SourceAddress.Client(_node, "127.0.3.1");
        Assert.Equal(HttpStatusCode.Created, (await Answer.SignUpAsync(anonymousThere, SharedNode.NewId("lock-su"))).Status);
    }

    [Fact]
    public async Task Refused_requests_without_a_credential_do_not_count_towards_the_lockout()
    {
        using var operatorClient = _node.Client();
        var id = SharedNode.NewId("nocred");
        var key = await operatorClient.SignUpAsync(id);
        using var anonymous = SourceAddress.Client(_node, "127.0.5.1");

        for (var i = 0; i < 2 * RateLimitedNode.Limit; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await Answer.SendAsync(anonymous, HttpMethod.Get, $"/api/accounts/{id}")).Status);

        using var owner = SourceAddress.Client(_node, "127.0.5.1", key);
        Assert.Equal(HttpStatusCode.OK, (await Answer.SendAsync(owner, HttpMethod.Get, $"/api/accounts/{id}")).Status);
    }

    [Fact]
    public async Task The_store_policy_limits_a_store_route_per_address_and_never_the_operator_key()
    {
        using var store = SourceAddress.Client(_node, "127.0.4.1");
        using var otherStore = SourceAddress.Client(_node, "127.0.4.2");
        using var operatorThere = SourceAddress.Client(_node, "127.0.4.1", TestNode.OperatorKey);

        for (var i = 0; i < RateLimitedNode.Limit; i++)
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Answer.SendAsync(store, HttpMethod.Post, RateLimitedNode.StoreRoute, new { })).Status);
        var refused = await Answer.SendAsync(store, HttpMethod.Post, RateLimitedNode.StoreRoute, new { });
        refused.AssertRateLimited(Window);
        Assert.Contains("store notifications", refused.Body.Text("detail"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Answer.SendAsync(otherStore, HttpMethod.Post, RateLimitedNode.StoreRoute, new { })).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Answer.SendAsync(operatorThere, HttpMethod.Post, RateLimitedNode.StoreRoute, new { })).Status);
    }
}
