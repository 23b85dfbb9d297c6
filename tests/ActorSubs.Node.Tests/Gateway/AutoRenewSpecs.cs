using System.Net.WebSockets;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Gateway;

/// <summary>R9 end to end: what a connected device sees when the account charges its channel at expiry.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class AutoRenewSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task A_successful_charge_at_expiry_sends_renewed_and_moves_the_expiry_by_the_plan_period()
    {
        using var account = await TestAccount.SignUpAsync(_node, "renew");
        await account.PurchaseAsync("monthly", "web");
        var on = await account.SetAutoRenewAsync(true);
        Assert.Equal("true", on.Text("subscription.autoRenew"));
        var token = await account.AddDeviceAsync("browser", "web");
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await ws.ReceiveTypeAsync("welcome");
        var expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow.AddSeconds(1));

        await account.AdjustExpiryAsync(expiresAt);
        var renewed = await ws.ReceiveNotificationAsync("renewed", TimeSpan.FromSeconds(10));

        Assert.True(DateTimeOffset.UtcNow - expiresAt < TimeSpan.FromSeconds(1), "charged at expiry");
        var next = TestAccount.Wire(expiresAt.AddMonths(1));
        Assert.Equal(next, renewed.Text("data.expiresAt"));
        var view = await account.GetAsync();
        Assert.Equal(next, view.Text("subscription.expiresAt"));
        Assert.Equal("active", view.Text("subscription.status"));
        Assert.Equal("paid", view.Text("subscription.tier"));
        Assert.Equal("true", view.Text("subscription.autoRenew"));
        // Renewed in time: no expiry notice, no cut.
        await ws.ExpectSilenceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task A_declined_charge_keeps_service_through_the_billing_grace_then_expires_and_cuts_the_device()
    {
        var grace = TimeSpan.FromSeconds(4);
        var limit = TimeSpan.FromSeconds(2);
        await using var own = await OwnNode.StartAsync(new Dictionary<string, string?>
        {
            ["ActorSubs:Payments:Simulated:Web:Decline"] = "true",
            ["ActorSubs:Subscriptions:BillingGrace"] = grace.ToString(),
            ["ActorSubs:Subscriptions:RenewalRetryInterval"] = "00:00:01",
            ["ActorSubs:Subscriptions:ExpiredSessionLimit"] = limit.ToString(),
        });
        using var account = await TestAccount.SignUpAsync(own.Node, "decline");
        await account.PurchaseAsync("monthly", "web");
        await account.SetAutoRenewAsync(true);
        var token = await account.AddDeviceAsync("browser", "web");
        await using var ws = await WsClient.ConnectAsync(own.Node, "/ws/device", token);
        await ws.ReceiveTypeAsync("welcome");
        var expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow.AddSeconds(1));

        await account.AdjustExpiryAsync(expiresAt);

        var failed = await ws.ReceiveNotificationAsync("renewal-failed", TimeSpan.FromSeconds(10));
        Assert.True(DateTimeOffset.UtcNow - expiresAt < TimeSpan.FromSeconds(1), "charged at expiry");
        Assert.Equal("1", failed.Text("data.attempt"));
        Assert.Equal(TestAccount.Wire(expiresAt + grace), failed.Text("data.graceEndsAt"));
        Assert.NotEqual("<missing>", failed.Text("data.nextAttemptAt"));
        var inGrace = await account.GetAsync();
        Assert.Equal("grace", inGrace.Text("subscription.status"));
        Assert.Equal(TestAccount.Wire(expiresAt), inGrace.Text("subscription.expiresAt"));
        Assert.Equal(WebSocketState.Open, ws.State);

        // Retries fail too (more renewal-failed notices); at the end of the grace the subscription expires.
        var expired = await ws.ReceiveNotificationAsync("subscription-expired", grace + TimeSpan.FromSeconds(5));
        Assert.True(DateTimeOffset.UtcNow - (expiresAt + grace) < TimeSpan.FromSeconds(1), "expired at the end of the grace");
        Assert.Equal("buy-subscription", expired.Text("data.prompt.action"));
        Assert.Equal("expired", (await account.GetAsync()).Text("subscription.status"));
        var endsAt = DateTimeOffset.Parse(expired.Text("data.sessionEndsAt"));
        var (code, reason) = await ws.ReceiveCloseAsync(limit + TimeSpan.FromSeconds(5));
        Assert.Equal(4001, code);
        Assert.Equal("subscription-expired", reason);
        Assert.True(DateTimeOffset.UtcNow - endsAt < TimeSpan.FromSeconds(1), "cut on time");
    }
}
