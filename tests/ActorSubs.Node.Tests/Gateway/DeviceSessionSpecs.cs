using System.Net;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Gateway;

[Collection(SharedNodeCollection.Name)]
public sealed class DeviceSessionSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task A_device_connects_with_its_token_and_is_welcomed_with_its_subscription()
    {
        using var client = _node.Client();
        var id = SharedNode.NewId("ws");
        await client.SignUpAsync(id);
        var device = await client.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "Phone" });
        var token = device.Body.Text("token");

        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        var welcome = await ws.ReceiveTypeAsync("welcome");

        Assert.Equal("trial", welcome.Text("subscription.tier"));
        Assert.True(welcome.IsNullMember("sessionEndsAt"), welcome.ToJsonString());
        Assert.True(welcome.IsNullMember("prompt"), welcome.ToJsonString());
        Assert.False(string.IsNullOrEmpty(welcome.Text("sessionId")));
    }

    [Fact]
    public async Task A_bad_token_is_refused_with_401_before_the_upgrade()
    {
        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/device", "dev.bm90.bm90.s_nope"));
        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/device", "garbage"));
    }

    [Fact]
    public async Task Expiry_while_connected_notifies_at_once_and_cuts_the_session_after_the_limit()
    {
        using var client = _node.Client();
        var id = SharedNode.NewId("exp");
        await client.SignUpAsync(id);
        var token = (await client.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "web-1", platform = "web", name = "Browser" }))
            .Body.Text("token");
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await ws.ReceiveTypeAsync("welcome");
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(1);

        await client.PutJsonAsync($"/api/admin/accounts/{id}/subscription", new { expiresAt = expiresAt.ToString("O") });
        // Reminders whose lead is already reached may come first (R13); the expiry notice is the one that matters here.
        var expired = await ws.ReceiveNotificationAsync("subscription-expired", TimeSpan.FromSeconds(10));
        var late = DateTimeOffset.UtcNow - expiresAt;

        Assert.Equal("subscription-expired", expired.Text("kind"));
        Assert.True(late < TimeSpan.FromSeconds(1), $"notified {late.TotalMilliseconds} ms after expiry");
        Assert.Equal("buy-subscription", expired.Text("data.prompt.action"));
        var endsAt = DateTimeOffset.Parse(expired.Text("data.sessionEndsAt"));
        var (code, reason) = await ws.ReceiveCloseAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(4001, code);
        Assert.Equal("subscription-expired", reason);
        Assert.True(DateTimeOffset.UtcNow - endsAt < TimeSpan.FromSeconds(1), "cut on time");
    }
}
