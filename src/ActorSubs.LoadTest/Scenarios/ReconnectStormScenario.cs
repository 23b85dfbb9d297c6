using System.ComponentModel;
using System.Diagnostics;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Clients;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Scenarios.Fleet;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The <c>reconnect-storm</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class ReconnectStormScenario(TextWriter output) : FleetScenario<ReconnectStormScenario.Settings>(output)
{
    public const string Reconnect = "reconnect";
    public const string Outage = "reconnect-outage";

    public const string Summary = "every device reconnects at once, e.g. after a node leaves (reconnect latency, failures)";

    public const string Details =
        "Connects --devices devices at --ramp per second and lets them settle. Then, by default, closes them all at once " +
        "(close 1000, counted under disconnects) and reconnects them all at once, at most --max-connecting in flight. With " +
        "--kill-node PID it instead stops that node (SIGTERM, so it closes its sockets with 1012 and leaves the cluster; " +
        "--kill-signal kill for a crash) and every device it dropped reconnects at once to the next --target. The PID must be " +
        "an ActorSubs.Node process of this machine, and the other targets must be nodes of the same cluster. Reports the " +
        "reconnect latency of each connect (connect start to upgrade), the outage of each device (from losing the " +
        "connection to being connected again), how long until all were back, failures by reason and disconnects by close code.";

    public sealed class Settings : FleetSettings
    {
        [CommandOption("--devices <N>"), Description("devices to connect"), DefaultValue(1000), Between(1, 1_000_000)]
        public int Devices { get; init; } = 1000;

        [CommandOption("--devices-per-account <K>"), Description("devices on each account of the fleet"), DefaultValue(5), Between(1, 1000)]
        public int DevicesPerAccount { get; init; } = 5;

        [CommandOption("--ramp <PER_SECOND>"), Description("connects started per second for the first connection; 0 starts them all at once"), DefaultValue(500.0), Between(0, 1_000_000)]
        public double Ramp { get; init; } = 500;

        [CommandOption("--max-connecting <N>"), Description("reconnects in flight at most during the storm"), DefaultValue(20_000), Between(1, 1_000_000)]
        public int MaxConnecting { get; init; } = 20_000;

        [CommandOption("--settle <SECONDS>"), Description("wait between the connects and the storm"), DefaultValue(3.0), Between(0, 3600)]
        public double Settle { get; init; } = 3;

        [CommandOption("--kill-node <PID>"), Between(1, int.MaxValue)]
        [Description("stop this ActorSubs.Node process instead of closing the devices; its devices reconnect to the other targets")]
        public int? KillNode { get; init; }

        [CommandOption("--kill-signal <term|kill>"), Description("signal --kill-node sends"), DefaultValue("term")]
        public string KillSignal { get; init; } = "term";

        [CommandOption("--retries <N>"), Description("reconnect attempts per device during the storm (each to the next target)"), DefaultValue(3), Between(1, 100)]
        public int Retries { get; init; } = 3;

        [CommandOption("--duration <SECONDS>"), Description("hard bound on the measured run"), DefaultValue(120.0), Between(1, 24 * 3600)]
        public override double DurationSeconds { get; init; } = 120;

        protected override void Check()
        {
            base.Check();
            if (KillSignal is not ("term" or "kill")) throw new UsageException($"--kill-signal: '{KillSignal}' is not term or kill.");
            if (KillNode is { } pid) NodeProcess.Check(pid, "kill-node");
            CheckCap(Devices, $"--devices {Devices:N0}");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings common, CancellationToken cancellation)
    {
        const string Name = "reconnect-storm";
        var (devices, perAccount, ramp, maxConnecting, retries, killPid) =
            (common.Devices, common.DevicesPerAccount, common.Ramp, common.MaxConnecting, common.Retries, common.KillNode);
        var (settle, signal, settings) = (TimeSpan.FromSeconds(common.Settle), common.KillSignal == "kill" ? 9 : 15, common.AsRun());
        if (killPid is not null && common.Targets.Count < 2)
            Output.WriteLine($"{Name}: warning: one --target only: the devices of the stopped node have nowhere else to go");
        var shape = new FleetShape((devices + perAccount - 1) / perAccount, perAccount, 0);

        await using var session = await OpenFleetAsync(common, shape, activate: true, cancellation);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bound.CancelAfter(common.Duration);
        var recorder = new RunRecorder(Name, settings);
        var storm = new StormEvents(recorder, common.Targets.Count, retries);
        using var hub = new ClientHub(recorder, common.Targets, common.ConnectTimeout, storm);
        var clients = session.Fleet.AllDevices().Take(devices).Select((m, i) => new DeviceClient(hub, m) { Target = i }).ToArray();

        var output = Output;
        var report = await WithProgressAsync(recorder, async () =>
        {
            output.WriteLine($"{Name}: connecting {clients.Length:N0} devices to {common.TargetText} …");
            var first = await ConnectRamp.RunAsync(clients, ramp, 1000, bound.Token);
            await ConnectRamp.WaitUntilAsync(() => hub.Welcomed >= first.Ok, common.ConnectTimeout, bound.Token);
            output.WriteLine($"{Name}: {first.Ok:N0} of {first.Attempted:N0} connected ({first.ConnectsPerSecond:0} connects/s); storm in {settle.TotalSeconds:0.#} s …");
            try { await Task.Delay(settle, bound.Token); }
            catch (OperationCanceledException) { return recorder.ToReport(common.TargetText); }

            var up = clients.Where(c => c.State == AgentState.Open).ToArray();
            recorder.Count("storm.devices", up.Length);
            var clock = Stopwatch.StartNew();
            if (killPid is { } pid)
            {
                storm.Arm(bound.Token);
                output.WriteLine($"{Name}: sending signal {signal} to node {pid} …");
                if (Kill(pid, signal) != 0) throw new RunFailedException($"cannot signal process {pid}");
                // Done when every device is connected again, or nothing has moved for a while after the node went.
                await ConnectRamp.WaitUntilAsync(() => storm.Dropped > 0 && storm.Dropped == storm.Back + storm.GaveUp ||
                    clock.Elapsed > common.ConnectTimeout * (retries + 2), TimeSpan.MaxValue, bound.Token);
                recorder.Count("storm.dropped-by-node", storm.Dropped);
                recorder.Count("storm.back", storm.Back);
                recorder.Count("storm.gave-up", storm.GaveUp);
                if (storm.LastBack is { } last) recorder.Count("storm.all-back-ms", (long)(last - storm.FirstDrop!.Value).TotalMilliseconds);
            }
            else
            {
                output.WriteLine($"{Name}: closing {up.Length:N0} devices at once …");
                await ConnectRamp.CloseAllAsync(up, recordAsDisconnects: true);
                recorder.Count("storm.close-ms", (long)clock.Elapsed.TotalMilliseconds);
                output.WriteLine($"{Name}: closed in {clock.Elapsed.TotalSeconds:0.00} s; reconnecting all at once …");
                var again = await ConnectRamp.RunAsync(up, 0, maxConnecting, bound.Token, Reconnect);
                await ConnectRamp.WaitUntilAsync(() => hub.Welcomed >= first.Ok + again.Ok, common.ConnectTimeout, bound.Token);
                recorder.Count("storm.back", again.Ok);
                recorder.Count("storm.failed", again.Failed);
                recorder.Count("storm.all-back-ms", (long)again.FirstToLastOk.TotalMilliseconds);
                recorder.Count("rate.reconnects-per-second", (long)Math.Round(again.ConnectsPerSecond));
                output.WriteLine($"{Name}: {again.Ok:N0} of {again.Attempted:N0} back in {again.FirstToLastOk.TotalSeconds:0.00} s ({again.ConnectsPerSecond:0}/s)");
            }
            return recorder.ToReport(common.TargetText);
        });
        storm.Disarm();
        await ConnectRamp.CloseAllAsync(clients, recordAsDisconnects: false);
        cancellation.ThrowIfCancellationRequested();
        await FinishAsync(report, common, cancellation);
        return LoadTestApp.ExitOk;
    }

    /// <summary>Sends the signal with kill(1); its exit code (0 when the signal was delivered).</summary>
    private static int Kill(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal == 9 ? "KILL" : "TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        }) ?? throw new RunFailedException("cannot run kill(1)");
        kill.WaitForExit(5000);
        return kill.HasExited ? kill.ExitCode : -1;
    }

    /// <summary>With a node stopped: each dropped device reconnects at once to the next target, a few attempts at most.</summary>
    private sealed class StormEvents(RunRecorder recorder, int targets, int retries) : ClientEvents
    {
        private CancellationToken _armed;
        private volatile bool _active;
        private long _dropped, _back, _gaveUp, _firstDropTicks, _lastBackTicks;

        public long Dropped => Interlocked.Read(ref _dropped);
        public long Back => Interlocked.Read(ref _back);
        public long GaveUp => Interlocked.Read(ref _gaveUp);
        public DateTimeOffset? FirstDrop => Ticks(ref _firstDropTicks);
        public DateTimeOffset? LastBack => Ticks(ref _lastBackTicks);

        public void Arm(CancellationToken cancellation)
        {
            _armed = cancellation;
            _active = true;
        }

        public void Disarm() => _active = false;

        public override void Closed(AgentClient client, DateTimeOffset arrival, int? closeCode, bool byClient)
        {
            if (!_active || byClient) return;
            Interlocked.Increment(ref _dropped);
            Interlocked.CompareExchange(ref _firstDropTicks, arrival.UtcTicks, 0);
            _ = ReconnectAsync(client, arrival);
        }

        private async Task ReconnectAsync(AgentClient client, DateTimeOffset droppedAt)
        {
            await Task.Yield(); // let the old connection's read loop finish first
            for (var attempt = 0; attempt < retries && !_armed.IsCancellationRequested; attempt++)
            {
                client.Target = (client.Target + 1) % targets;
                try
                {
                    if (await client.ConnectAsync(_armed, Reconnect))
                    {
                        var now = DateTimeOffset.UtcNow;
                        recorder.Latency(Outage, now - droppedAt);
                        Interlocked.Increment(ref _back);
                        Shared.AtomicMax(ref _lastBackTicks, now.UtcTicks);
                        return;
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (attempt + 1)), CancellationToken.None);
            }
            Interlocked.Increment(ref _gaveUp);
        }

        private static DateTimeOffset? Ticks(ref long ticks) =>
            Interlocked.Read(ref ticks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;
    }
}
