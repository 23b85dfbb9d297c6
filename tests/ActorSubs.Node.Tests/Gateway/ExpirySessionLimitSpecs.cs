using System.Net.WebSockets;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Gateway;

/// <summary>R10 and R11 on the device socket: limited sessions of an expired account, the buy prompts, and renewal before the cut.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class ExpirySessionLimitSpecs(SharedNode shared)
{
    private static readonly TimeSpan Limit = SharedNode.ExpiredSessionLimit;
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task A_device_connecting_while_expired_gets_a_limited_session_with_a_prompt_and_is_cut_with_4001_at_its_end()
    {
        using var account = await TestAccount.SignUpAsync(_node, "late");
        var token = await account.AddDeviceAsync("browser", "web");
        await account.AdjustExpiryAsync(DateTimeOffset.UtcNow.AddHours(-1));

        var connectedAt = DateTimeOffset.UtcNow;
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        var welcome = await ws.ReceiveTypeAsync("welcome");

        Assert.Equal("expired", welcome.Text("subscription.status"));
        var endsAt = DateTimeOffset.Parse(welcome.Text("sessionEndsAt"));
        Assert.InRange(endsAt, connectedAt + Limit - TimeSpan.FromSeconds(1), connectedAt + Limit + TimeSpan.FromSeconds(1));
        Assert.Equal("buy-subscription", welcome.Text("prompt.action"));
        Assert.False(string.IsNullOrEmpty(welcome.Text("prompt.message")));

        var (code, reason) = await ws.ReceiveCloseAsync(Limit + TimeSpan.FromSeconds(5));
        var late = DateTimeOffset.UtcNow - endsAt;
        Assert.Equal(4001, code);
        Assert.Equal("subscription-expired", reason);
        Assert.True(late > TimeSpan.FromMilliseconds(-200) && late < TimeSpan.FromSeconds(1), $"cut {late.TotalMilliseconds} ms after sessionEndsAt");
    }

    [Theory]
    [InlineData("ios", "buy-in-app-store", null, true)]
    [InlineData("android", "buy-subscription", "https://my.parallels.com/access/{accountId}", false)]
    [InlineData("web", "buy-subscription", "https://my.parallels.com/account/{accountId}", true)]
    public async Task The_buy_prompt_of_an_expired_trial_depends_on_the_platform(string platform, string action, string? url, bool offersPlans)
    {
        using var account = await TestAccount.SignUpAsync(_node, "prompt");
        var token = await account.AddDeviceAsync("dev", platform);
        await account.AdjustExpiryAsync(DateTimeOffset.UtcNow.AddMinutes(-5));

        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        var prompt = (await ws.ReceiveTypeAsync("welcome"))["prompt"];

        Assert.Equal(action, prompt.Text("action"));
        if (url is null) Assert.True(prompt.IsNullMember("url") || prompt!["url"] is null, prompt!.ToJsonString());
        else Assert.Equal(url.Replace("{accountId}", account.Id), prompt.Text("url"));
        if (offersPlans) Assert.Equal(["monthly", "annual"], prompt!["products"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(prompt.Text("message")));
        if (platform == "ios") Assert.Contains("Apple", prompt.Text("message"));
    }

    [Fact]
    public async Task An_android_device_of_a_paid_google_play_subscription_with_auto_renew_off_is_prompted_to_manage_auto_renew()
    {
        using var account = await TestAccount.SignUpAsync(_node, "gp");
        var token = await account.AddDeviceAsync("pixel", "android");
        var bought = await account.PurchaseAsync("monthly", "google-play");
        Assert.Equal("false", bought.Text("subscription.autoRenew"));
        var adjusted = await account.AdjustExpiryAsync(DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal("paid", adjusted.Text("subscription.tier"));
        Assert.Equal("google-play", adjusted.Text("subscription.channel"));

        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        var welcome = await ws.ReceiveTypeAsync("welcome");

        Assert.Equal("manage-auto-renew", welcome.Text("prompt.action"));
        Assert.Equal($"https://my.parallels.com/account/{account.Id}", welcome.Text("prompt.url"));
        Assert.NotEqual("<missing>", welcome.Text("sessionEndsAt"));
    }

    [Fact]
    public async Task A_purchase_during_a_limited_session_sends_renewed_and_lifts_the_cut()
    {
        using var account = await TestAccount.SignUpAsync(_node, "rescue");
        var token = await account.AddDeviceAsync("browser", "web");
        await account.AdjustExpiryAsync(DateTimeOffset.UtcNow.AddHours(-1));
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        var welcome = await ws.ReceiveTypeAsync("welcome");
        var endsAt = DateTimeOffset.Parse(welcome.Text("sessionEndsAt"));

        await account.PurchaseAsync("monthly", "web");
        var renewed = await ws.ReceiveNotificationAsync("renewed", TimeSpan.FromSeconds(5));

        Assert.True(DateTimeOffset.Parse(renewed.Text("data.expiresAt")) > DateTimeOffset.UtcNow.AddDays(27));
        await AssertNotCutAsync(ws, account, endsAt);
    }

    [Fact]
    public async Task A_purchase_after_the_expiry_notification_lifts_the_announced_cut()
    {
        using var account = await TestAccount.SignUpAsync(_node, "rescue2");
        var token = await account.AddDeviceAsync("tablet", "android");
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await ws.ReceiveTypeAsync("welcome");
        await account.AdjustExpiryAsync(DateTimeOffset.UtcNow.AddSeconds(1));
        var expired = await ws.ReceiveNotificationAsync("subscription-expired", TimeSpan.FromSeconds(5));
        var endsAt = DateTimeOffset.Parse(expired.Text("data.sessionEndsAt"));
        Assert.Equal("buy-subscription", expired.Text("data.prompt.action"));

        await account.PurchaseAsync("annual", "google-play");
        await ws.ReceiveNotificationAsync("renewed", TimeSpan.FromSeconds(5));

        await AssertNotCutAsync(ws, account, endsAt);
    }

    [Fact]
    public async Task An_expiry_moved_into_the_past_while_connected_notifies_the_device_at_once_and_cuts_it_after_the_limit()
    {
        using var account = await TestAccount.SignUpAsync(_node, "moved");
        var token = await account.AddDeviceAsync("phone", "ios");
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await ws.ReceiveTypeAsync("welcome");

        await account.AdjustExpiryAsync(DateTimeOffset.UtcNow.AddMinutes(-1));
        var adjustedAt = DateTimeOffset.UtcNow;

        var expired = await ws.ReceiveNotificationAsync("subscription-expired", TimeSpan.FromSeconds(5));
        Assert.True(DateTimeOffset.UtcNow - adjustedAt < TimeSpan.FromSeconds(1), "told at once");
        Assert.Equal("buy-in-app-store", expired.Text("data.prompt.action"));
        var endsAt = DateTimeOffset.Parse(expired.Text("data.sessionEndsAt"));
        Assert.InRange(endsAt, adjustedAt + Limit - TimeSpan.FromSeconds(1), adjustedAt + Limit + TimeSpan.FromSeconds(1));
        var (code, _) = await ws.ReceiveCloseAsync(Limit + TimeSpan.FromSeconds(5));
        Assert.Equal(4001, code);
    }

    [Fact]
    public async Task A_refund_that_ends_the_subscription_of_a_connected_device_notifies_it_and_cuts_it()
    {
        using var account = await TestAccount.SignUpAsync(_node, "refund");
        var token = await account.AddDeviceAsync("browser", "web");
        await account.AdjustExpiryAsync(DateTimeOffset.UtcNow.AddDays(-1));
        await account.PurchaseAsync("monthly", "web", "tx-refunded");
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        Assert.True((await ws.ReceiveTypeAsync("welcome")).IsNullMember("sessionEndsAt"));
        // Whatever the earlier expiry left in the outbox arrives first; the refund's notice is a new one.
        var earlier = new HashSet<string>();
        try
        {
            while (true) earlier.Add((await ws.ReceiveAsync(TimeSpan.FromMilliseconds(500)))!.Text("id"));
        }
        catch (TimeoutException)
        {
        }

        var refunded = await account.Client.PostJsonAsync($"/api/accounts/{account.Id}/refunds", new { transactionId = "tx-refunded" });
        Assert.Equal("expired", refunded.Body.Text("subscription.status"));
        var refundedAt = DateTimeOffset.UtcNow;

        var expired = await ws.ReceiveMatchingAsync(f => f.Text("kind") == "subscription-expired" && !earlier.Contains(f.Text("id")),
            "a new subscription-expired notification", TimeSpan.FromSeconds(5));
        Assert.True(DateTimeOffset.UtcNow - refundedAt < TimeSpan.FromSeconds(1), "told at once");
        Assert.Equal("buy-subscription", expired.Text("data.prompt.action"));
        var (code, _) = await ws.ReceiveCloseAsync(Limit + TimeSpan.FromSeconds(5));
        Assert.Equal(4001, code);
    }

    /// <summary>Past the announced cut (plus a margin) the session is open and still carries frames.</summary>
    private static async Task AssertNotCutAsync(WsClient ws, TestAccount account, DateTimeOffset announcedEnd)
    {
        var wait = announcedEnd + TimeSpan.FromSeconds(2) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await ws.ExpectSilenceAsync(wait);
        Assert.Equal(WebSocketState.Open, ws.State);

        await account.BuyLicencePackAsync();
        var later = await ws.ReceiveNotificationAsync("hosts-added", TimeSpan.FromSeconds(5));
        Assert.Equal("10", later.Text("data.hostLimit"));
    }
}
