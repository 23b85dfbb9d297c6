using ActorSubs.Node.Gateway;
using ActorSubs.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ActorSubs.Node.Tests.Gateway;

/// <summary>A device that stops reading is cut instead of being buffered for without bound, and only that device suffers.</summary>
public sealed class SlowConsumerSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task A_device_that_never_reads_is_disconnected_while_its_host_stays_connected_and_memory_does_not_grow()
    {
        await using var own = await OwnNode.StartAsync(new Dictionary<string, string?>
        {
            ["ActorSubs:Gateway:OutboundQueueFrames"] = "16",
            ["ActorSubs:Gateway:MessagesPerSecond"] = "100000",
            ["ActorSubs:Gateway:MessageBurst"] = "100000",
        });
        var connections = own.Node.Services.GetRequiredService<GatewayConnections>();
        using var account = await TestAccount.SignUpAsync(own.Node, "slow");
        var deviceToken = await account.AddDeviceAsync("phone", "android");
        var otherToken = await account.AddDeviceAsync("tablet", "ios");
        var hostToken = await account.AddHostAsync("mac");
        await using var host = await WsClient.ConnectAsync(own.Node, "/ws/host", hostToken);
        await host.ReceiveTypeAsync("welcome");
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var device = await WsClient.ConnectAsync(own.Node, "/ws/device", deviceToken, read: false);
        string channelId;
        try
        {
            await device.SendAsync(new { type = "open", hostId = "mac" });
            channelId = (await host.ReceiveTypeAsync("open")).Text("channelId");
            await host.SendAsync(new { type = "accept", channelId });

            // The host streams 32 KB frames to the device as fast as it can; the device reads nothing.
            var frame = $$"""{"type":"data","channelId":"{{channelId}}","payload":"{{new string('x', 32 * 1024)}}"}""";
            var closed = host.ReceiveMatchingAsync(f => f.Text("type") == "close" && f.Text("channelId") == channelId,
                "the channel's close", TimeSpan.FromSeconds(60));
            var sent = 0;
            while (!closed.IsCompleted && sent < 20_000)
            {
                await host.SendTextAsync(frame);
                sent++;
            }
            await closed;
            output.WriteLine($"host sent {sent} frames ({sent * 32L / 1024} MB) before the channel closed");
            Assert.True(sent < 20_000, "the device was never cut");

            // The device's socket ends (after whatever the kernel had buffered).
            var (bytes, ended) = await device.DrainUntilEndAsync(TimeSpan.FromSeconds(20));
            output.WriteLine($"device drained {bytes / 1024} KB; close {device.ReceivedCloseCode} {device.ReceivedCloseReason} {device.Failure?.Message}");
            Assert.True(ended, "the device's connection did not end");
            Assert.True(device.ReceivedCloseCode is null or 1008, $"closed with {device.ReceivedCloseCode}");
        }
        finally
        {
            await device.DisposeAsync();
        }

        // The server let go of the device; the host, which reads, is still connected and serves another device.
        await Eventually.AsyncValue(() => Task.FromResult(connections.Count), c => c == 1, TimeSpan.FromSeconds(10),
            "only the host's connection to be left");
        await using var other = await WsClient.ConnectAsync(own.Node, "/ws/device", otherToken);
        await other.ReceiveTypeAsync("welcome");
        await other.SendAsync(new { type = "open", hostId = "mac" });
        var second = (await host.ReceiveTypeAsync("open")).Text("channelId");
        await host.SendAsync(new { type = "accept", channelId = second });
        await other.ReceiveTypeAsync("opened");
        await host.SendAsync(new { type = "data", channelId = second, payload = "still here" });
        Assert.Equal("still here", (await other.ReceiveTypeAsync("data")).Text("payload"));
        Assert.False(host.Ended, $"the host was disconnected: {host.ReceivedCloseCode} {host.ReceivedCloseReason}");
        Assert.Equal(2, connections.Count);

        var after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"managed memory before {before / 1024 / 1024} MB, after {after / 1024 / 1024} MB");
        Assert.True(after - before < 50L * 1024 * 1024, $"managed memory grew by {(after - before) / 1024 / 1024} MB");
    }
}
