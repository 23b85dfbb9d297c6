using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ActorSubs.Node.Tests.Support;
using Xunit.Abstractions;

namespace ActorSubs.Node.Tests.Fuzz;

/// <summary>
/// Generated frames of every client type, and garbage, sent by a real device and a real host of one account. After each
/// batch a probe (a <c>close</c> of a channel that does not exist) must be answered with <c>unknown-channel</c>, so the
/// session is alive and in order; every frame the node sends is of a documented type with a documented error code; a
/// socket the node closes is closed with a documented code (1008, 1009, 4003). Each round connects the device and the
/// host afresh, so a device always attaches again after whatever the previous round did. No error is logged, and the
/// account recovers after a restart as it was answered before.
/// </summary>
public sealed class WebSocketFrameFuzzSpecs(ITestOutputHelper output)
{
    private static readonly HashSet<string> ServerTypes = ["welcome", "notification", "open", "opened", "data", "close", "error"];

    private static readonly HashSet<string> ErrorCodes =
    [
        "bad-frame", "unknown-type", "validation", "unexpected-frame", "unknown-channel", "rate-limited",
        "not-attached", "host-not-found", "host-offline", "rejected", "open-timeout",
    ];

    /// <summary>docs/protocol.md, Close codes: 1007 is the WebSocket layer refusing a text frame that is not UTF-8.</summary>
    private static readonly HashSet<int> CloseCodes = [1007, 1008, 1009, 4003];

    [Fact]
    public async Task No_generated_frame_breaks_a_session_and_the_device_attaches_again_afterwards()
    {
        var run = FuzzRun.FromEnvironment(output, defaultInputs: 30);
        await using var fuzz = await FuzzNode.StartAsync(withStores: false);
        var account = await TestAccount.SignUpAsync(fuzz.Node, "wsfuzz");
        using var _ = account;
        var deviceToken = await account.AddDeviceAsync("phone", "ios");
        var hostToken = await account.AddHostAsync("mac");
        var errors = await ErrorLog.AttachToAsync(fuzz.Node);
        var failures = new List<string>();
        var channels = new List<string>();
        var notifications = new List<string>();

        for (var round = 0; round < run.Inputs; round++)
        {
            // A notification to acknowledge, so some acks are valid.
            if (round % 5 == 0) await account.BuyLicencePackAsync();
            var device = await WsClient.ConnectAsync(fuzz.Node, "/ws/device", deviceToken);
            var host = await WsClient.ConnectAsync(fuzz.Node, "/ws/host", hostToken);
            await using (device)
            await using (host)
            {
                await device.ReceiveTypeAsync("welcome");
                await host.ReceiveTypeAsync("welcome");
                var session = new Session(run, failures, round, channels, notifications);
                await session.SendBatchAsync(device, "device", FrameInputs.Device(channels, notifications));
                await session.DrainAsync(host, "host");
                // Half the time the host first accepts the newest channel as a well-behaved agent would, so the
                // generated frames after it meet open channels (opened, data relayed both ways, close).
                if (channels.Count > 0 && run.Next(FsCheck.Fluent.Gen.Elements(true, false)))
                    await host.SendAsync(new { type = "accept", channelId = channels[^1] });
                await session.SendBatchAsync(host, "host", FrameInputs.Host(channels));
                await session.DrainAsync(device, "device");
                // Again, now that the host may have accepted: data and close on open channels, relayed to the host.
                await session.SendBatchAsync(device, "device", FrameInputs.Device(channels, notifications));
                await session.DrainAsync(host, "host");
            }
        }

        // However the last round ended, the device attaches on a fresh connection.
        await using (var fresh = await WsClient.ConnectAsync(fuzz.Node, "/ws/device", deviceToken))
            await fresh.ReceiveTypeAsync("welcome");

        run.Report(output, $"WebSocket fuzz, {run.Inputs} rounds of a device and a host");
        Assert.True(failures.Count == 0, $"{failures.Count} bad answers (seed {run.Seed}):\n" + string.Join("\n", failures.Take(20)) +
                                         "\nlogged errors:\n" + string.Join("\n", errors.Entries.Take(5)));
        errors.AssertEmpty("the WebSocket fuzz");
        await AccountViews.AssertRecoveredAsync(fuzz, [account.Id], new HashSet<string>());
    }

    /// <summary>One round's checks over a device and a host connection.</summary>
    private sealed class Session(FuzzRun run, List<string> failures, int round, List<string> channels, List<string> notifications)
    {
        private readonly HashSet<WsClient> _ended = [];
        private int _probes;

        /// <summary>Sends 1–8 generated frames (sometimes one of them 20 times, a burst), then a probe, and reads to its answer.</summary>
        public async Task SendBatchAsync(WsClient ws, string who, FsCheck.Gen<FuzzFrame> frames)
        {
            var count = run.Next(FsCheck.Fluent.Gen.Choose(1, 8));
            var sent = new List<FuzzFrame>();
            for (var i = 0; i < count && ws.State == WebSocketState.Open; i++)
            {
                var frame = run.Next(frames);
                var times = run.Next(FsCheck.Fluent.Gen.Frequency((9, FsCheck.Fluent.Gen.Constant(1)), (1, FsCheck.Fluent.Gen.Constant(20))));
                run.Count($"{who}: {frame.Kind}{(times > 1 ? " (burst)" : "")}");
                sent.Add(frame);
                try
                {
                    for (var t = 0; t < times; t++)
                    {
                        if (frame.Binary) await ws.SendBinaryAsync(frame.Bytes);
                        else await ws.SendTextBytesAsync(frame.Bytes);
                    }
                    // Text that is not UTF-8 fails the connection (RFC 6455, 8.1): nothing after it is read.
                    if (frame.InvalidUtf8) break;
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                {
                    // The node closed the socket (an oversized frame): the close code is checked below.
                    break;
                }
            }
            await DrainAsync(ws, who, string.Join(" | ", sent), failed: sent.Any(f => f.InvalidUtf8));
        }

        /// <summary>Sends a probe and reads every frame up to its answer, or to the close.</summary>
        public async Task DrainAsync(WsClient ws, string who, string? sent = null, bool failed = false)
        {
            // Its end was already read and judged (by the batch that caused it).
            if (_ended.Contains(ws)) return;
            var probe = $"probe-{round}-{_probes++}";
            var context = $"round {round}, {who}";
            var after = sent is null ? "" : $"\n    after [{sent}]";
            if (ws.State == WebSocketState.Open)
            {
                try
                {
                    await ws.SendAsync(new { type = "close", channelId = probe });
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                {
                    // Closed meanwhile: the loop below reads the close.
                }
            }
            while (true)
            {
                JsonNode? frame;
                try
                {
                    frame = await ws.ReceiveAsync(TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    failures.Add($"{context}: the probe was not answered within 10 s, and the socket is still open{after}");
                    return;
                }
                if (frame is null)
                {
                    // A connection failed for invalid UTF-8 sends its 1007 and drops the TCP connection, so the close frame may be lost.
                    var expected = ws.ReceivedCloseCode is { } code ? CloseCodes.Contains(code) : failed;
                    if (!expected)
                        failures.Add($"{context}: closed with {ws.ReceivedCloseCode?.ToString() ?? "no close frame"} {ws.ReceivedCloseReason} {ws.Failure?.Message}{after}");
                    run.Answered($"{who}: closed {ws.ReceivedCloseCode}");
                    _ended.Add(ws);
                    return;
                }
                var type = frame.Text("type");
                run.Answered($"{who}: {type}{(type == "error" ? " " + frame.Text("code") : "")}");
                if (!ServerTypes.Contains(type)) failures.Add($"{context}: undocumented frame {frame.ToJsonString()}{after}");
                if (type == "error" && !ErrorCodes.Contains(frame.Text("code"))) failures.Add($"{context}: undocumented error {frame.ToJsonString()}{after}");
                if (type is "open" or "opened" && !channels.Contains(frame.Text("channelId"))) channels.Add(frame.Text("channelId"));
                if (type == "notification" && !notifications.Contains(frame.Text("id"))) notifications.Add(frame.Text("id"));
                if (type == "error" && frame.Text("channelId") == probe) return;
            }
        }
    }
}
