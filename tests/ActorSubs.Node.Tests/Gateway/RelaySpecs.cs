using System.Text.Json.Nodes;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Gateway;

/// <summary>docs/protocol.md, channels: a device opens a channel to a host agent, they exchange data, either side closes it.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class RelaySpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    /// <summary>An account with one device and one host agent connected and welcomed.</summary>
    private sealed class Pair : IAsyncDisposable
    {
        public required TestAccount Account { get; init; }
        public required WsClient Device { get; init; }
        public required WsClient Host { get; init; }

        public static async Task<Pair> ConnectAsync(TestNode node, string prefix, string platform = "ios")
        {
            var account = await TestAccount.SignUpAsync(node, prefix);
            var deviceToken = await account.AddDeviceAsync("phone", platform);
            var hostToken = await account.AddHostAsync("mac");
            var host = await WsClient.ConnectAsync(node, "/ws/host", hostToken);
            var device = await WsClient.ConnectAsync(node, "/ws/device", deviceToken);
            await host.ReceiveTypeAsync("welcome");
            await device.ReceiveTypeAsync("welcome");
            return new Pair { Account = account, Device = device, Host = host };
        }

        /// <summary>open → the host is asked → accept → opened; returns the channel id.</summary>
        public async Task<string> OpenChannelAsync()
        {
            await Device.SendAsync(new { type = "open", hostId = "mac" });
            var request = await Host.ReceiveTypeAsync("open");
            Assert.Equal("phone", request.Text("deviceId"));
            var channelId = request.Text("channelId");
            await Host.SendAsync(new { type = "accept", channelId });
            var opened = await Device.ReceiveTypeAsync("opened");
            Assert.Equal(channelId, opened.Text("channelId"));
            return channelId;
        }

        public async ValueTask DisposeAsync()
        {
            await Device.DisposeAsync();
            await Host.DisposeAsync();
            Account.Dispose();
        }
    }

    [Fact]
    public async Task A_device_opens_a_channel_the_host_accepts_and_data_flows_both_ways_unchanged()
    {
        await using var pair = await Pair.ConnectAsync(_node, "relay");
        var channelId = await pair.OpenChannelAsync();

        JsonNode?[] payloads =
        [
            JsonNode.Parse("""{"kind":"key","code":13,"mods":["shift"],"nested":{"a":[1,2.5,null,true]}}"""),
            JsonValue.Create("just a string with \"quotes\" and unicode é✓"),
            JsonValue.Create(42),
            new JsonArray(1, "two", false),
            null,
        ];
        foreach (var payload in payloads)
        {
            await pair.Device.SendTextAsync(DataFrame(channelId, payload));
            var atHost = await pair.Host.ReceiveTypeAsync("data");
            Assert.Equal(channelId, atHost.Text("channelId"));
            Assert.True(JsonNode.DeepEquals(payload, atHost["payload"]), $"{payload?.ToJsonString()} became {atHost["payload"]?.ToJsonString()}");

            await pair.Host.SendTextAsync(DataFrame(channelId, payload));
            var atDevice = await pair.Device.ReceiveTypeAsync("data");
            Assert.Equal(channelId, atDevice.Text("channelId"));
            Assert.True(JsonNode.DeepEquals(payload, atDevice["payload"]), $"{payload?.ToJsonString()} became {atDevice["payload"]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task A_host_that_rejects_the_channel_makes_the_device_receive_a_rejected_error_for_it()
    {
        await using var pair = await Pair.ConnectAsync(_node, "reject");
        await pair.Device.SendAsync(new { type = "open", hostId = "mac" });
        var channelId = (await pair.Host.ReceiveTypeAsync("open")).Text("channelId");

        await pair.Host.SendAsync(new { type = "reject", channelId, reason = "the user said no" });
        var error = await pair.Device.ReceiveTypeAsync("error");

        Assert.Equal("rejected", error.Text("code"));
        Assert.Equal(channelId, error.Text("channelId"));
        Assert.Equal("the user said no", error.Text("detail"));
        // Nothing was opened: data on it is refused.
        await pair.Device.SendTextAsync(DataFrame(channelId, JsonValue.Create(1)));
        Assert.Equal("unknown-channel", (await pair.Device.ReceiveTypeAsync("error")).Text("code"));
    }

    [Fact]
    public async Task Opening_a_channel_to_an_offline_host_is_an_error_host_offline()
    {
        using var account = await TestAccount.SignUpAsync(_node, "offline");
        var token = await account.AddDeviceAsync("phone", "android");
        await account.AddHostAsync("mac");
        await using var device = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await device.ReceiveTypeAsync("welcome");

        await device.SendAsync(new { type = "open", hostId = "mac" });
        var error = await device.ReceiveTypeAsync("error");

        Assert.Equal("host-offline", error.Text("code"));
        Assert.NotEqual("<missing>", error.Text("channelId"));
        Assert.Contains("mac", error.Text("detail"));
    }

    [Fact]
    public async Task Opening_a_channel_to_a_host_the_account_does_not_have_is_an_error_host_not_found()
    {
        await using var pair = await Pair.ConnectAsync(_node, "nohost");

        await pair.Device.SendAsync(new { type = "open", hostId = "someone-elses-mac" });
        var error = await pair.Device.ReceiveTypeAsync("error");

        Assert.Equal("host-not-found", error.Text("code"));
        await pair.Host.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_close_from_the_device_closes_the_channel_at_the_host()
    {
        await using var pair = await Pair.ConnectAsync(_node, "dclose");
        var channelId = await pair.OpenChannelAsync();

        await pair.Device.SendAsync(new { type = "close", channelId });

        Assert.Equal(channelId, (await pair.Host.ReceiveTypeAsync("close")).Text("channelId"));
        Assert.Equal(channelId, (await pair.Device.ReceiveTypeAsync("close")).Text("channelId"));
        await pair.Host.SendTextAsync(DataFrame(channelId, JsonValue.Create("late")));
        Assert.Equal("unknown-channel", (await pair.Host.ReceiveTypeAsync("error")).Text("code"));
        await pair.Device.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_close_from_the_host_closes_the_channel_at_the_device()
    {
        await using var pair = await Pair.ConnectAsync(_node, "hclose");
        var channelId = await pair.OpenChannelAsync();

        await pair.Host.SendAsync(new { type = "close", channelId });

        Assert.Equal(channelId, (await pair.Device.ReceiveTypeAsync("close")).Text("channelId"));
        await pair.Device.SendTextAsync(DataFrame(channelId, JsonValue.Create("late")));
        Assert.Equal("unknown-channel", (await pair.Device.ReceiveTypeAsync("error")).Text("code"));
    }

    [Fact]
    public async Task When_the_host_agent_disconnects_the_device_receives_close_for_its_channel()
    {
        await using var pair = await Pair.ConnectAsync(_node, "hgone");
        var channelId = await pair.OpenChannelAsync();

        await pair.Host.DisposeAsync();

        Assert.Equal(channelId, (await pair.Device.ReceiveTypeAsync("close", TimeSpan.FromSeconds(5))).Text("channelId"));
    }

    [Fact]
    public async Task When_the_device_is_cut_at_expiry_the_host_receives_close_for_its_channel()
    {
        await using var pair = await Pair.ConnectAsync(_node, "dcut");
        var channelId = await pair.OpenChannelAsync();
        await pair.Account.AdjustExpiryAsync(DateTimeOffset.UtcNow.AddSeconds(1));

        var notice = await pair.Device.ReceiveNotificationAsync("subscription-expired", TimeSpan.FromSeconds(5));
        var endsAt = DateTimeOffset.Parse(notice.Text("data.sessionEndsAt"));
        var (code, _) = await pair.Device.ReceiveCloseAsync(SharedNode.ExpiredSessionLimit + TimeSpan.FromSeconds(5));
        Assert.Equal(4001, code);

        var closed = await pair.Host.ReceiveTypeAsync("close", TimeSpan.FromSeconds(5));
        Assert.Equal(channelId, closed.Text("channelId"));
        Assert.True(DateTimeOffset.UtcNow - endsAt < TimeSpan.FromSeconds(1), "closed at the cut");
        // The host agent itself stays connected.
        await pair.Host.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Ten_thousand_data_frames_from_a_device_reach_the_host_in_order()
    {
        const int total = 10_000;
        await using var own = await OwnNode.StartAsync(new Dictionary<string, string?>
        {
            ["ActorSubs:Gateway:MessagesPerSecond"] = "100000",
            ["ActorSubs:Gateway:MessageBurst"] = "100000",
        });
        await using var pair = await Pair.ConnectAsync(own.Node, "bulk");
        var channelId = await pair.OpenChannelAsync();

        // At most a window of frames in flight, well inside the host's outbound queue (256 by default).
        const int window = 128;
        var received = 0;
        var receiver = Task.Run(async () =>
        {
            while (received < total)
            {
                var frame = await pair.Host.ReceiveAsync(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException(
                    $"host closed after {received} frames ({pair.Host.ReceivedCloseCode} {pair.Host.ReceivedCloseReason})");
                Assert.Equal("data", frame.Text("type"));
                Assert.Equal(channelId, frame.Text("channelId"));
                Assert.Equal(received, frame["payload"]!["seq"]!.GetValue<int>());
                Volatile.Write(ref received, received + 1);
            }
        });
        var started = DateTime.UtcNow;
        for (var seq = 0; seq < total; seq++)
        {
            while (seq - Volatile.Read(ref received) >= window)
            {
                if (receiver.IsCompleted) await receiver;
                await Task.Delay(1);
            }
            await pair.Device.SendTextAsync($$$"""{"type":"data","channelId":"{{{channelId}}}","payload":{"seq":{{{seq}}},"pad":"0123456789"}}""");
        }
        await receiver.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(total, received);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        // The device got no error for any of them.
        await pair.Device.ExpectSilenceAsync(TimeSpan.FromMilliseconds(200));
    }

    private static string DataFrame(string channelId, JsonNode? payload) =>
        new JsonObject { ["type"] = "data", ["channelId"] = channelId, ["payload"] = payload?.DeepClone() }.ToJsonString();
}
