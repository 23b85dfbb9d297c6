using System.Net.WebSockets;
using System.Text;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Gateway;

/// <summary>What a client that sends garbage, huge frames or a flood gets: an error frame, or a close with the right code.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class BadFrameSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    private static async Task<(TestAccount Account, WsClient Ws)> ConnectDeviceAsync(TestNode node, string prefix)
    {
        var account = await TestAccount.SignUpAsync(node, prefix);
        var ws = await WsClient.ConnectAsync(node, "/ws/device", await account.AddDeviceAsync("phone", "web"));
        await ws.ReceiveTypeAsync("welcome");
        return (account, ws);
    }

    [Theory]
    [InlineData("this is not json", "bad-frame")]
    [InlineData("{\"type\":", "bad-frame")]
    [InlineData("[1,2,3]", "bad-frame")]
    [InlineData("{\"id\":\"n1\"}", "bad-frame")]
    [InlineData("{\"type\":42}", "bad-frame")]
    [InlineData("{\"type\":\"teleport\",\"hostId\":\"mac\"}", "unknown-type")]
    [InlineData("{\"type\":\"open\"}", "validation")]
    [InlineData("{\"type\":\"open\",\"hostId\":\"\"}", "validation")]
    [InlineData("{\"type\":\"open\",\"hostId\":\"not a valid id!\"}", "validation")]
    [InlineData("{\"type\":\"ack\"}", "validation")]
    [InlineData("{\"type\":\"ack\",\"id\":7}", "validation")]
    [InlineData("{\"type\":\"data\",\"channelId\":\"c1\"}", "validation")]
    [InlineData("{\"type\":\"close\"}", "validation")]
    // A lone surrogate, escaped: valid JSON, but no .NET string (found by the WebSocket fuzz; it used to drop the connection).
    [InlineData("{\"type\":\"\\ud800x\"}", "bad-frame")]
    [InlineData("{\"type\":\"ack\",\"id\":\"\\ud800x\"}", "validation")]
    [InlineData("{\"type\":\"data\",\"channelId\":\"\\udfff\",\"payload\":1}", "validation")]
    public async Task A_malformed_text_frame_is_answered_with_an_error_and_the_connection_stays_usable(string text, string code)
    {
        var (account, ws) = await ConnectDeviceAsync(_node, "bad");
        await using var _ = ws;
        using var __ = account;

        await ws.SendTextAsync(text);
        var error = await ws.ReceiveTypeAsync("error");

        Assert.Equal(code, error.Text("code"));
        Assert.False(string.IsNullOrEmpty(error.Text("detail")));
        await AssertStillUsableAsync(ws, account);
    }

    [Fact]
    public async Task A_binary_frame_is_answered_with_bad_frame_and_the_connection_stays_usable()
    {
        var (account, ws) = await ConnectDeviceAsync(_node, "binary");
        await using var _ = ws;
        using var __ = account;

        await ws.SendBinaryAsync(Encoding.UTF8.GetBytes("""{"type":"ack","id":"n1"}"""));

        Assert.Equal("bad-frame", (await ws.ReceiveTypeAsync("error")).Text("code"));
        await AssertStillUsableAsync(ws, account);
    }

    [Fact]
    public async Task A_frame_a_device_should_not_send_is_answered_with_unexpected_frame()
    {
        var (account, ws) = await ConnectDeviceAsync(_node, "unexpected");
        await using var _ = ws;
        using var __ = account;

        await ws.SendAsync(new { type = "accept", channelId = "c1" });

        Assert.Equal("unexpected-frame", (await ws.ReceiveTypeAsync("error")).Text("code"));
        await AssertStillUsableAsync(ws, account);
    }

    [Fact]
    public async Task A_text_frame_just_under_64_KiB_is_read_and_one_over_it_is_closed_with_1009()
    {
        var (account, ws) = await ConnectDeviceAsync(_node, "big");
        await using var _ = ws;
        using var __ = account;

        var near = $$"""{"type":"teleport","pad":"{{new string('x', 64 * 1024 - 100)}}"}""";
        Assert.True(Encoding.UTF8.GetByteCount(near) <= 64 * 1024);
        await ws.SendTextAsync(near);
        Assert.Equal("unknown-type", (await ws.ReceiveTypeAsync("error")).Text("code"));

        await ws.SendTextAsync($$"""{"type":"ack","id":"{{new string('x', 64 * 1024)}}"}""");
        var (code, _) = await ws.ReceiveCloseAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1009, code);
        await AssertNodeServesOthersAsync(_node);
    }

    [Fact]
    public async Task A_flood_gets_rate_limited_errors_then_a_1008_close_and_the_node_keeps_serving_other_clients()
    {
        await using var own = await OwnNode.StartAsync(new Dictionary<string, string?>
        {
            ["ActorSubs:Gateway:MessagesPerSecond"] = "5",
            ["ActorSubs:Gateway:MessageBurst"] = "5",
        });
        var (account, ws) = await ConnectDeviceAsync(own.Node, "flood");
        await using var _ = ws;
        using var __ = account;

        var sent = 0;
        try
        {
            for (; sent < 200 && ws.ReceivedCloseCode is null; sent++)
                await ws.SendTextAsync("""{"type":"teleport"}""");
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the server closed while we were still flooding
        }

        var codes = new List<string>();
        while (await ws.ReceiveAsync(TimeSpan.FromSeconds(10)) is { } frame)
            codes.Add(frame.Text("code"));
        Assert.Equal(1008, ws.ReceivedCloseCode);
        // The burst is served (unknown-type), then every frame over the limit is dropped with rate-limited.
        Assert.Equal(5, codes.Count(c => c == "unknown-type"));
        Assert.True(codes.Count(c => c == "rate-limited") >= 40, string.Join(",", codes.Distinct()) + $" ({codes.Count} frames)");
        Assert.Equal(codes.IndexOf("rate-limited"), codes.Count(c => c == "unknown-type"));

        await AssertNodeServesOthersAsync(own.Node);
    }

    /// <summary>After the error the same connection still works: a notification pushed to it arrives.</summary>
    private static async Task AssertStillUsableAsync(WsClient ws, TestAccount account)
    {
        await account.BuyLicencePackAsync();
        await ws.ReceiveNotificationAsync("hosts-added", TimeSpan.FromSeconds(5));
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    private static async Task AssertNodeServesOthersAsync(TestNode node)
    {
        var (account, other) = await ConnectDeviceAsync(node, "other");
        await using var _ = other;
        using var __ = account;
        await AssertStillUsableAsync(other, account);
    }
}
