using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorSubs.LoadTest.Baseline;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Clients;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Scenarios.Fleet;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The <c>relay</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class RelayScenario(TextWriter output) : FleetScenario<RelayScenario.Settings>(output)
{
    public const string DeviceToHostLatency = Latencies.EndToEnd + "." + Counters.DeviceToHost;
    public const string HostToDeviceLatency = Latencies.EndToEnd + "." + Counters.HostToDevice;
    public const string RoundTrip = "round-trip";
    public const string ChannelOpen = "channel-open";
    private const int DefaultNodeLimit = 200;

    public const string Summary = "device ↔ host data frames at a rate, both ways (end-to-end latency, frames/s, loss)";

    public const string Details =
        "Connects --pairs hosts and devices (--pairs-per-account of each on an account), each device opens a channel to its " +
        "host (open → the host accepts → opened), then every device sends --rate data frames per second of --payload-bytes " +
        "bytes for --duration seconds, each carrying a sequence number and its send time; the host echoes each frame back " +
        "with its own send time. Reports end-to-end latency device→host and host→device (one way: both ends run in this " +
        "process, on one clock), the round trip, frames per second each way, lost frames (sent but not received once the " +
        "run drains) and out-of-order frames. The first --warmup seconds are relayed but not measured. The node lets a " +
        "connection send ActorSubs:Gateway:MessagesPerSecond frames per second (200 by default, burst 400; frames over it " +
        "are dropped and answered with 'rate-limited' errors): a host sends --rate × --pairs-per-account frames per second, " +
        "so keep that below the limit or raise it (ActorSubs__Gateway__MessagesPerSecond). --baseline relays the same " +
        "through an in-process bare Kestrel WebSocket server and prints the ratios.";

    public sealed class Settings : FleetSettings
    {
        [CommandOption("--pairs <P>"), Description("device–host pairs (each one channel)"), DefaultValue(100), Between(1, 500_000)]
        public int Pairs { get; init; } = 100;

        [CommandOption("--pairs-per-account <K>"), Description("pairs on each account (1 to 5: an account has 5 hosts)"), DefaultValue(1), Between(1, 5)]
        public int PairsPerAccount { get; init; } = 1;

        [CommandOption("--rate <FRAMES_PER_SECOND>"), Description("data frames each device sends per second (the host echoes each)"), DefaultValue(10.0), Between(0.1, 100_000)]
        public double Rate { get; init; } = 10;

        [CommandOption("--payload-bytes <B>"), Description("padding carried in each data frame's payload"), DefaultValue(64), Between(0, 60_000)]
        public int PayloadBytes { get; init; } = 64;

        [CommandOption("--warmup <SECONDS>"), Description("relayed first but not measured"), DefaultValue(2.0), Between(0, 600)]
        public double Warmup { get; init; } = 2;

        [CommandOption("--ramp <PER_SECOND>"), Description("connects started per second; 0 starts them all at once"), DefaultValue(500.0), Between(0, 1_000_000)]
        public double Ramp { get; init; } = 500;

        [CommandOption("--baseline"), Description("afterwards run the same through an in-process bare Kestrel WebSocket server and print the ratios")]
        public bool Baseline { get; init; }

        [CommandOption("--duration <SECONDS>"), Description("time the devices send for"), DefaultValue(30.0), Between(1, 24 * 3600)]
        public override double DurationSeconds { get; init; } = 30;

        protected override void Check()
        {
            base.Check();
            CheckCap(2L * Pairs, $"--pairs {Pairs:N0} (a device and a host each)");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings common, CancellationToken cancellation)
    {
        const string Name = "relay";
        var (pairs, perAccount, settings) = (common.Pairs, common.PairsPerAccount, common.AsRun());
        var plan = new RelayPlan(common.Rate, common.PayloadBytes, TimeSpan.FromSeconds(common.Warmup), common.Duration, common.Ramp, common.ConnectTimeout);
        var hostRate = plan.Rate * perAccount;
        if (hostRate > DefaultNodeLimit * 0.95)
            Output.WriteLine($"relay: warning: each host sends {hostRate:0.#} frames/s; the node's default limit is {DefaultNodeLimit}/s per connection (ActorSubs__Gateway__MessagesPerSecond): frames over the limit are dropped and count as lost");
        var shape = new FleetShape((pairs + perAccount - 1) / perAccount, perAccount, perAccount);

        await using var session = await OpenFleetAsync(common, shape, activate: true, cancellation);
        var gateway = await MeasureAsync(Name, settings, common.Targets, common.TargetText, session.Fleet, pairs, plan, cancellation);

        RunReport? baseline = null;
        if (common.Baseline && !cancellation.IsCancellationRequested)
        {
            await using var server = await BaselineServer.StartAsync(cancellation);
            Output.WriteLine($"baseline: bare Kestrel WebSocket server on {server.Url}");
            baseline = await MeasureAsync(Name + " (baseline)", settings, [server.Url], server.Url.ToString().TrimEnd('/'),
                BaselineServer.SyntheticFleet(shape), pairs, plan, cancellation);
        }

        cancellation.ThrowIfCancellationRequested();
        await FinishAsync(gateway with { Baseline = baseline }, common, cancellation);
        return LoadTestApp.ExitOk;
    }

    private sealed record RelayPlan(double Rate, int PayloadBytes, TimeSpan Warmup, TimeSpan Duration, double Ramp, TimeSpan ConnectTimeout);

    private async Task<RunReport> MeasureAsync(string scenario, IReadOnlyDictionary<string, string> settings, IReadOnlyList<Uri> targets,
        string targetText, FleetFile fleet, int pairCount, RelayPlan plan, CancellationToken cancellation)
    {
        var output = Output;
        var recorder = new RunRecorder(scenario, settings);
        var events = new RelayEvents(recorder, new string('x', plan.PayloadBytes));
        using var hub = new ClientHub(recorder, targets, plan.ConnectTimeout, events);
        var perAccount = fleet.DevicesPerAccount;
        var pairs = new List<Pair>(pairCount);
        var hosts = new List<HostClient>(pairCount);
        for (var i = 0; i < pairCount; i++)
        {
            var (a, j) = (i / perAccount, i % perAccount);
            var account = fleet.Accounts[a];
            var host = new HostClient(hub, new FleetMember(account, account.Hosts[j], a, j)) { Target = i };
            var pair = new Pair(new DeviceClient(hub, new FleetMember(account, account.Devices[j], a, j)) { Target = i }, host);
            pair.Device.Tag = pair;
            host.Tag = pair;
            pairs.Add(pair);
            hosts.Add(host);
        }

        using var setupBound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        setupBound.CancelAfter(plan.Duration + TimeSpan.FromMinutes(2));
        return await WithProgressAsync(recorder, async () =>
        {
            output.WriteLine($"{scenario}: connecting {pairCount:N0} hosts, then {pairCount:N0} devices, to {targetText} …");
            var hostsUp = await ConnectRamp.RunAsync(hosts, plan.Ramp, 1000, setupBound.Token);
            await ConnectRamp.WaitUntilAsync(() => hub.Welcomed >= hostsUp.Ok, plan.ConnectTimeout, setupBound.Token);
            var devicesUp = await ConnectRamp.RunAsync(pairs.Select(p => (AgentClient)p.Device).ToArray(), plan.Ramp, 1000, setupBound.Token);
            await ConnectRamp.WaitUntilAsync(() => hub.Welcomed >= hostsUp.Ok + devicesUp.Ok, plan.ConnectTimeout, setupBound.Token);

            foreach (var pair in pairs.Where(p => p.Device.State == AgentState.Open && p.Host.State == AgentState.Open))
            {
                pair.OpenSentAt = Stopwatch.GetTimestamp();
                await pair.Device.OpenChannelAsync(pair.Host.AgentId);
            }
            await ConnectRamp.WaitUntilAsync(() => events.Opened >= pairs.Count(p => p.OpenSentAt != 0), TimeSpan.FromSeconds(20), setupBound.Token);
            var ready = pairs.Where(p => p.Channel is not null).ToArray();
            recorder.Count("relay.channels-opened", ready.Length);
            output.WriteLine($"{scenario}: {hostsUp.Ok:N0} hosts and {devicesUp.Ok:N0} devices connected, {ready.Length:N0} channels open; relaying {plan.Rate:0.##} frames/s per device for {plan.Duration.TotalSeconds:0.#} s (first {plan.Warmup.TotalSeconds:0.#} s not measured) …");

            var clock = Stopwatch.StartNew();
            events.MeasureFrom(Stopwatch.GetTimestamp() + (long)(plan.Warmup.TotalSeconds * Stopwatch.Frequency));
            var interval = 1.0 / plan.Rate;
            for (var i = 0; i < ready.Length; i++) ready[i].Phase = interval * i / Math.Max(1, ready.Length);
            while (clock.Elapsed < plan.Duration && !cancellation.IsCancellationRequested)
            {
                var elapsed = clock.Elapsed.TotalSeconds;
                foreach (var pair in ready)
                {
                    var due = (long)((elapsed - pair.Phase) * plan.Rate) + 1 - Interlocked.Read(ref pair.DeviceSent);
                    if (due <= 0 || pair.Sending || pair.Device.State != AgentState.Open) continue;
                    pair.Sending = true;
                    _ = events.SendBurstAsync(pair, (int)Math.Min(due, 50));
                }
                await Task.Delay(2, CancellationToken.None);
            }
            var relaySeconds = clock.Elapsed.TotalSeconds;
            var measuredSeconds = Math.Max(0.001, relaySeconds - plan.Warmup.TotalSeconds);

            // Drain: frames still in flight get three seconds to arrive before they count as lost.
            await ConnectRamp.WaitUntilAsync(() => ready.All(p => !p.Sending) &&
                ready.Sum(p => Interlocked.Read(ref p.HostReceived)) >= ready.Sum(p => Interlocked.Read(ref p.DeviceSent)) &&
                ready.Sum(p => Interlocked.Read(ref p.DeviceReceived)) >= ready.Sum(p => Interlocked.Read(ref p.HostSent)),
                TimeSpan.FromSeconds(3), CancellationToken.None);

            long Sum(Func<Pair, long> of) => ready.Sum(of);
            var d2hSent = Sum(p => Interlocked.Read(ref p.DeviceSent));
            var d2hReceived = Sum(p => Interlocked.Read(ref p.HostReceived));
            var h2dSent = Sum(p => Interlocked.Read(ref p.HostSent));
            var h2dReceived = Sum(p => Interlocked.Read(ref p.DeviceReceived));
            recorder.Count("relay.sent." + Counters.DeviceToHost, d2hSent);
            recorder.Count("relay.received." + Counters.DeviceToHost, d2hReceived);
            recorder.Count("relay.lost." + Counters.DeviceToHost, Math.Max(0, d2hSent - d2hReceived));
            recorder.Count("relay.out-of-order." + Counters.DeviceToHost, Sum(p => p.HostOutOfOrder));
            recorder.Count("relay.sent." + Counters.HostToDevice, h2dSent);
            recorder.Count("relay.received." + Counters.HostToDevice, h2dReceived);
            recorder.Count("relay.lost." + Counters.HostToDevice, Math.Max(0, h2dSent - h2dReceived));
            recorder.Count("relay.out-of-order." + Counters.HostToDevice, Sum(p => p.DeviceOutOfOrder));
            recorder.Count("rate.frames-per-second." + Counters.DeviceToHost, (long)Math.Round(events.MeasuredHostReceived / measuredSeconds));
            recorder.Count("rate.frames-per-second." + Counters.HostToDevice, (long)Math.Round(events.MeasuredDeviceReceived / measuredSeconds));
            recorder.Count("relay.measured-ms", (long)(measuredSeconds * 1000));

            var report = recorder.ToReport(targetText);
            await ConnectRamp.CloseAllAsync(pairs.Select(p => (AgentClient)p.Device).Concat(hosts), recordAsDisconnects: false);
            return report;
        });
    }

    /// <summary>One device, its host and the channel between them, with the counts of each direction.</summary>
    private sealed class Pair(DeviceClient device, HostClient host)
    {
        public DeviceClient Device { get; } = device;
        public HostClient Host { get; } = host;
        public string? Channel;
        public long OpenSentAt;
        public double Phase;
        public volatile bool Sending;
        public long DeviceSent, HostReceived, HostSent, DeviceReceived;
        public long HostLastSeq, DeviceLastSeq, HostOutOfOrder, DeviceOutOfOrder;
    }

    /// <summary>Sends, echoes and measures the data frames; one instance for all pairs.</summary>
    private sealed class RelayEvents(RunRecorder recorder, string padding) : ClientEvents
    {
        private readonly string _padding = JsonSerializer.Serialize(padding);
        private long _measureFrom = long.MaxValue;
        private long _opened;
        private long _measuredHostReceived;
        private long _measuredDeviceReceived;

        public long Opened => Interlocked.Read(ref _opened);

        public long MeasuredHostReceived => Interlocked.Read(ref _measuredHostReceived);

        public long MeasuredDeviceReceived => Interlocked.Read(ref _measuredDeviceReceived);

        public void MeasureFrom(long timestamp) => Interlocked.Exchange(ref _measureFrom, timestamp);

        public override void ChannelOpened(DeviceClient device, string channelId)
        {
            var pair = (Pair)device.Tag!;
            if (pair.Channel is not null) return;
            pair.Channel = channelId;
            recorder.Latency(ChannelOpen, Stopwatch.GetElapsedTime(pair.OpenSentAt));
            Interlocked.Increment(ref _opened);
        }

        public override void ServerError(AgentClient client, string code, string? channelId)
        {
            if (client is DeviceClient { Tag: Pair { Channel: null, OpenSentAt: > 0 } })
                recorder.Count("relay.open-refused." + code);
        }

        public async Task SendBurstAsync(Pair pair, int frames)
        {
            try
            {
                for (var i = 0; i < frames; i++)
                {
                    var sequence = Interlocked.Increment(ref pair.DeviceSent);
                    var frame = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                        $$$"""{"type":"data","channelId":"{{{pair.Channel}}}","payload":{"s":{{{sequence}}},"t":{{{Stopwatch.GetTimestamp()}}},"p":{{{_padding}}}}}"""));
                    if (!await pair.Device.SendAsync(frame, Counters.DeviceToHost))
                    {
                        Interlocked.Decrement(ref pair.DeviceSent);
                        return;
                    }
                }
            }
            finally
            {
                pair.Sending = false;
            }
        }

        public override void Data(AgentClient client, string channelId, JsonElement payload, long arrivalTimestamp)
        {
            if (client.Tag is not Pair pair || payload.ValueKind != JsonValueKind.Object ||
                !payload.TryGetProperty("s", out var s) || !payload.TryGetProperty("t", out var t))
            {
                recorder.Error("relay.bad-payload");
                return;
            }
            var sequence = s.GetInt64();
            var sentAt = t.GetInt64();
            var measured = sentAt >= Interlocked.Read(ref _measureFrom);
            if (client is HostClient host)
            {
                Interlocked.Increment(ref pair.HostReceived);
                if (sequence <= pair.HostLastSeq) Interlocked.Increment(ref pair.HostOutOfOrder);
                else pair.HostLastSeq = sequence;
                if (measured)
                {
                    recorder.Latency(DeviceToHostLatency, Stopwatch.GetElapsedTime(sentAt, arrivalTimestamp));
                    Interlocked.Increment(ref _measuredHostReceived);
                }
                Interlocked.Increment(ref pair.HostSent);
                var echo = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"type":"data","channelId":"{{{channelId}}}","payload":{"s":{{{sequence}}},"t":{{{sentAt}}},"h":{{{Stopwatch.GetTimestamp()}}},"p":{{{_padding}}}}}"""));
                _ = EchoAsync(host, pair, echo);
                return;
            }

            Interlocked.Increment(ref pair.DeviceReceived);
            if (sequence <= pair.DeviceLastSeq) Interlocked.Increment(ref pair.DeviceOutOfOrder);
            else pair.DeviceLastSeq = sequence;
            if (!measured) return;
            Interlocked.Increment(ref _measuredDeviceReceived);
            recorder.Latency(RoundTrip, Stopwatch.GetElapsedTime(sentAt, arrivalTimestamp));
            if (payload.TryGetProperty("h", out var h))
                recorder.Latency(HostToDeviceLatency, Stopwatch.GetElapsedTime(h.GetInt64(), arrivalTimestamp));
        }

        private static async Task EchoAsync(HostClient host, Pair pair, byte[] frame)
        {
            if (!await host.SendAsync(frame, Counters.HostToDevice)) Interlocked.Decrement(ref pair.HostSent);
        }
    }
}
