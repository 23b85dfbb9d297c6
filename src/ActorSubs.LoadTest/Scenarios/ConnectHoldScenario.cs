using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using ActorSubs.LoadTest.Baseline;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Clients;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Scenarios.Fleet;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The <c>connect-hold</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class ConnectHoldScenario(TextWriter output) : FleetScenario<ConnectHoldScenario.Settings>(output)
{
    public const string Summary = "N devices connect at a ramp rate and stay connected (connects/s, latency, memory/device)";

    public const string Details =
        "Connects --devices devices (--devices-per-account on each account) at --ramp connects per second, at most " +
        "--max-connecting at a time, and holds them for --hold seconds. Reports connect attempts, successes and failures by " +
        "reason, connects per second, connect and welcome latency, and disconnects by close code. When the node's /metrics " +
        "can be read, its working set and managed heap are sampled before the connects and while holding, giving memory per " +
        "connected device; --node-pid makes those figures live data by inducing a full collection in the node before each sample. " +
        "--baseline runs the same afterwards against a bare Kestrel WebSocket server started inside this program and prints " +
        "gateway ÷ baseline for connect latency and managed memory per connection (the baseline's is this process's managed " +
        "growth, after a full collection, minus what the clients alone took in the gateway run). The in-process baseline " +
        "holds a client and a server socket per connection, so it needs twice the open files. Raise the open-files limit of the " +
        "shells running the node and this program (ulimit -n) above the number of devices.";

    public sealed class Settings : FleetSettings
    {
        [CommandOption("--devices <N>"), Description("devices to connect"), DefaultValue(1000), Between(1, 1_000_000)]
        public int Devices { get; init; } = 1000;

        [CommandOption("--devices-per-account <K>"), Description("devices on each account of the fleet"), DefaultValue(5), Between(1, 1000)]
        public int DevicesPerAccount { get; init; } = 5;

        [CommandOption("--ramp <PER_SECOND>"), Description("connects started per second; 0 starts them all at once"), DefaultValue(500.0), Between(0, 1_000_000)]
        public double Ramp { get; init; } = 500;

        [CommandOption("--max-connecting <N>"), Description("connects in flight at most"), DefaultValue(1000), Between(1, 100_000)]
        public int MaxConnecting { get; init; } = 1000;

        [CommandOption("--hold <SECONDS>"), Description("how long the devices stay connected after the ramp"), DefaultValue(30.0), Between(0, 24 * 3600)]
        public double Hold { get; init; } = 30;

        [CommandOption("--node-pid <PID>"), Between(1, int.MaxValue)]
        [Description("the node's process on this machine: a full garbage collection is induced in it (through its .NET diagnostics " +
                     "port, as dotnet-gcdump does) before each memory sample, so its managed heap is live data only; one --target only")]
        public int? NodePid { get; init; }

        [CommandOption("--baseline"), Description("afterwards run the same against an in-process bare Kestrel WebSocket server and print the ratios")]
        public bool Baseline { get; init; }

        [CommandOption("--duration <SECONDS>"), Description("hard bound on the measured run"), DefaultValue(300.0), Between(1, 24 * 3600)]
        public override double DurationSeconds { get; init; } = 300;

        protected override void Check()
        {
            base.Check();
            CheckCap(Devices, $"--devices {Devices:N0}");
            if (NodePid is { } pid) NodeProcess.Check(pid, "node-pid");
            if (NodePid is not null && Targets.Count > 1) throw new UsageException("--node-pid goes with one --target only.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings common, CancellationToken cancellation)
    {
        const string Name = "connect-hold";
        var (devices, perAccount, nodePid, settings) = (common.Devices, common.DevicesPerAccount, common.NodePid, common.AsRun());
        var plan = new HoldPlan(common.Ramp, common.MaxConnecting, TimeSpan.FromSeconds(common.Hold), common.ConnectTimeout);
        var shape = new FleetShape((devices + perAccount - 1) / perAccount, perAccount, 0);

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        await using var session = await OpenFleetAsync(common, shape, activate: true, cancellation);
        bound.CancelAfter(common.Duration);

        var members = session.Fleet.AllDevices().Take(devices).ToArray();
        var gateway = await MeasureAsync(Name, settings, common.Targets, common.TargetText, members, plan with { NodePid = nodePid },
            session.Api, null, bound.Token);

        RunReport? baseline = null;
        if (common.Baseline && !cancellation.IsCancellationRequested)
        {
            await using var server = await BaselineServer.StartAsync(cancellation);
            Output.WriteLine($"baseline: bare Kestrel WebSocket server on {server.Url}");
            using var baselineBound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            baselineBound.CancelAfter(common.Duration);
            var synthetic = BaselineServer.SyntheticFleet(shape).AllDevices().Take(devices).ToArray();
            baseline = (await MeasureAsync(Name + " (baseline)", settings, [server.Url], server.Url.ToString().TrimEnd('/'), synthetic, plan,
                null, gateway.ClientsPerClient, baselineBound.Token)).Report;
        }

        cancellation.ThrowIfCancellationRequested();
        await FinishAsync(gateway.Report with { Baseline = baseline }, common, cancellation);
        return LoadTestApp.ExitOk;
    }

    private sealed record HoldPlan(double Ramp, int MaxConnecting, TimeSpan Hold, TimeSpan ConnectTimeout, int? NodePid = null);

    private sealed record HoldResult(RunReport Report, MemorySample? ClientsPerClient);

    /// <summary>
    /// One connect-and-hold against <paramref name="targets"/>. With <paramref name="api"/> the node's memory is sampled;
    /// without it (the baseline) this process's growth less <paramref name="clientsPerClient"/> per connection is the server's.
    /// </summary>
    private async Task<HoldResult> MeasureAsync(string scenario, IReadOnlyDictionary<string, string> settings, IReadOnlyList<Uri> targets,
        string targetText, IReadOnlyList<FleetMember> members, HoldPlan plan, NodeClient? api, MemorySample? clientsPerClient,
        CancellationToken bound)
    {
        var output = Output;
        var recorder = new RunRecorder(scenario + " (warm-up)", settings);
        var hub = new ClientHub(recorder, targets, plan.ConnectTimeout, new ClientEvents());
        var clients = members.Select((m, i) => new DeviceClient(hub, m) { Target = i }).ToArray();

        // A few connects first, closed again, so one-time costs (JIT, first connections, thread pool growth) of this
        // process and of the server do not count as memory of the measured connections.
        var warmup = clients.Take(Math.Min(50, clients.Length)).ToArray();
        await ConnectRamp.RunAsync(warmup, 0, warmup.Length, bound);
        await ConnectRamp.WaitUntilAsync(() => hub.Welcomed >= warmup.Length, plan.ConnectTimeout, bound);
        await ConnectRamp.CloseAllAsync(warmup, recordAsDisconnects: false);
        recorder = new RunRecorder(scenario, settings);
        hub.Dispose();
        using var measured = new ClientHub(recorder, targets, plan.ConnectTimeout, new ClientEvents());
        hub = measured;
        clients = members.Select((m, i) => new DeviceClient(hub, m) { Target = i }).ToArray();

        MemorySample? nodeBefore = null, nodeHeld = null;
        if (api is not null)
        {
            if (plan.NodePid is { } pid && !await NodeProcess.CollectGarbageAsync(pid, bound))
                output.WriteLine($"{scenario}: cannot reach the diagnostics port of process {pid}: its managed figure includes garbage");
            nodeBefore = await MemoryProbe.NodesSettledAsync(api, 3, TimeSpan.FromMilliseconds(300), bound);
            if (nodeBefore is null) output.WriteLine($"{scenario}: the node's /metrics cannot be read: no memory figures");
        }
        var localBefore = MemoryProbe.Local();
        var rampText = plan.Ramp <= 0 ? "all at once" : string.Create(CultureInfo.InvariantCulture, $"{plan.Ramp:0.#}/s");
        output.WriteLine($"{scenario}: connecting {clients.Length:N0} devices ({rampText}, at most {plan.MaxConnecting:N0} in flight) to {targetText} …");

        long heldConnected = 0;
        MemorySample localHeld = default;
        var ramp = await WithProgressAsync(recorder, async () =>
        {
            var result = await ConnectRamp.RunAsync(clients, plan.Ramp, plan.MaxConnecting, bound);
            await ConnectRamp.WaitUntilAsync(() => hub.Welcomed >= result.Ok, plan.ConnectTimeout, bound);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scenario}: {result.Ok:N0} of {result.Attempted:N0} connected in {result.FirstToLastOk.TotalSeconds:0.00} s ({result.ConnectsPerSecond:0} connects/s); holding for {plan.Hold.TotalSeconds:0.#} s …"));

            var hold = Stopwatch.StartNew();
            try
            {
                // Let the last sessions settle, then sample while holding; the local sample forces a collection here.
                var settle = TimeSpan.FromSeconds(Math.Min(3, plan.Hold.TotalSeconds / 3));
                await Task.Delay(settle, bound);
                if (api is not null && nodeBefore is not null)
                {
                    if (plan.NodePid is { } pid) await NodeProcess.CollectGarbageAsync(pid, bound);
                    var samples = Math.Clamp((int)((plan.Hold - settle).TotalSeconds / 2), 1, 10);
                    nodeHeld = await MemoryProbe.NodesSettledAsync(api, samples, TimeSpan.FromSeconds(1), bound);
                }
                heldConnected = hub.Open;
                localHeld = MemoryProbe.Local();
                var rest = plan.Hold - hold.Elapsed;
                if (rest > TimeSpan.Zero) await Task.Delay(rest, bound);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested)
            {
                output.WriteLine($"{scenario}: --duration reached during the hold");
            }
            return result;
        });

        recorder.Count("rate.connects-per-second", (long)Math.Round(ramp.ConnectsPerSecond));
        recorder.Count("connect.ramp-ms", (long)ramp.FirstToLastOk.TotalMilliseconds);
        recorder.Count("connected.at-hold", heldConnected);
        MemorySample? clientsCost = null;
        if (heldConnected > 0 && localHeld.WorkingSet > 0)
        {
            var local = localHeld - localBefore;
            if (api is not null)
            {
                clientsCost = new MemorySample(local.WorkingSet / heldConnected, local.Managed / heldConnected);
                recorder.Count("memory.clients.working-set-per-client-bytes", clientsCost.Value.WorkingSet);
                recorder.Count("memory.clients.managed-per-client-bytes", clientsCost.Value.Managed);
            }
            else
            {
                // The managed heap is measured after a full collection, so its growth is live data: clients plus server.
                // The working set is not comparable: memory the gateway run's clients freed stays with this process and
                // is reused, so a second run here barely grows it. Only the managed figure is reported for the baseline.
                recorder.Count("memory.process.managed-per-connection-bytes", local.Managed / heldConnected);
                if (clientsPerClient is { } perClient)
                    recorder.Count(BaselineComparison.ServerManagedPerConnection, local.Managed / heldConnected - perClient.Managed);
            }
        }
        if (nodeBefore is { } before && nodeHeld is { } held && heldConnected > 0)
        {
            recorder.Count("memory.node.working-set-before-bytes", before.WorkingSet);
            recorder.Count("memory.node.working-set-held-bytes", held.WorkingSet);
            recorder.Count("memory.node.managed-before-bytes", before.Managed);
            recorder.Count("memory.node.managed-held-bytes", held.Managed);
            recorder.Count(BaselineComparison.NodeWorkingSetPerDevice, (held.WorkingSet - before.WorkingSet) / heldConnected);
            recorder.Count(BaselineComparison.NodeManagedPerDevice, (held.Managed - before.Managed) / heldConnected);
        }

        var report = recorder.ToReport(targetText);
        await ConnectRamp.CloseAllAsync(clients, recordAsDisconnects: false);
        return new HoldResult(report, clientsCost);
    }
}
