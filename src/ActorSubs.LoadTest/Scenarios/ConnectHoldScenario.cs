using System.Diagnostics;
using System.Globalization;
using ActorSubs.LoadTest.Baseline;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Clients;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Scenarios.Fleet;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>
/// <c>connect-hold</c>: N devices connect at a ramp rate and stay connected for the hold; connects per second, connect
/// latency, failures by reason, disconnects, and the node's memory per connected device.
/// </summary>
public sealed class ConnectHoldScenario : FleetScenario
{
    public override string Name => "connect-hold";

    public override string Summary => "N devices connect at a ramp rate and stay connected (connects/s, latency, memory/device)";

    public override string Description =>
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

    protected override double DefaultDuration => 300;

    protected override IReadOnlyList<OptionSpec> OwnOptions { get; } =
    [
        new("devices", "N", "devices to connect", "1000"),
        new("devices-per-account", "K", "devices on each account of the fleet", "5"),
        new("ramp", "PER_SECOND", "connects started per second; 0 starts them all at once", "500"),
        new("max-connecting", "N", "connects in flight at most", "1000"),
        new("hold", "SECONDS", "how long the devices stay connected after the ramp", "30"),
        new("node-pid", "PID", "the node's process on this machine: a full garbage collection is induced in it (through its " +
            ".NET diagnostics port, as dotnet-gcdump does) before each memory sample, so its managed heap is live data only; " +
            "one --target only"),
        new("baseline", null, "afterwards run the same against an in-process bare Kestrel WebSocket server and print the ratios"),
    ];

    protected override async Task<int> RunAsync(ParsedOptions o, FleetOptions common, IReadOnlyDictionary<string, string> settings,
        TextWriter output, CancellationToken cancellation)
    {
        var devices = o.GetInt32("devices", 1000, 1, 1_000_000);
        var perAccount = o.GetInt32("devices-per-account", 5, 1, 1000);
        var plan = new HoldPlan(
            o.GetSeconds("ramp", 500, 0, 1_000_000).TotalSeconds,
            o.GetInt32("max-connecting", 1000, 1, 100_000),
            o.GetSeconds("hold", 30, 0, 24 * 3600),
            common.ConnectTimeout);
        common.CheckCap(devices, $"--devices {devices:N0}", Name);
        int? nodePid = o.Has("node-pid") ? o.GetInt32("node-pid", 0, 1, int.MaxValue) : null;
        if (nodePid is { } checkedPid)
        {
            NodeProcess.Check(checkedPid, "node-pid", Name);
            if (common.Targets.Count > 1) throw new UsageException("--node-pid goes with one --target only.", Name);
        }
        var shape = new FleetShape((devices + perAccount - 1) / perAccount, perAccount, 0);

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        await using var session = await OpenFleetAsync(common, shape, activate: true, output, cancellation);
        bound.CancelAfter(common.Duration);

        var members = session.Fleet.AllDevices().Take(devices).ToArray();
        var gateway = await MeasureAsync(Name, settings, common.Targets, common.TargetText, members, plan with { NodePid = nodePid },
            session.Api, null, output, bound.Token);

        RunReport? baseline = null;
        if (o.Has("baseline") && !cancellation.IsCancellationRequested)
        {
            await using var server = await BaselineServer.StartAsync(cancellation);
            output.WriteLine($"baseline: bare Kestrel WebSocket server on {server.Url}");
            using var baselineBound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            baselineBound.CancelAfter(common.Duration);
            var synthetic = BaselineServer.SyntheticFleet(shape).AllDevices().Take(devices).ToArray();
            baseline = (await MeasureAsync(Name + " (baseline)", settings, [server.Url], server.Url.ToString().TrimEnd('/'), synthetic, plan,
                null, gateway.ClientsPerClient, output, baselineBound.Token)).Report;
        }

        cancellation.ThrowIfCancellationRequested();
        await FinishAsync(gateway.Report with { Baseline = baseline }, common, output, cancellation);
        return LoadTestCli.ExitOk;
    }

    private sealed record HoldPlan(double Ramp, int MaxConnecting, TimeSpan Hold, TimeSpan ConnectTimeout, int? NodePid = null);

    private sealed record HoldResult(RunReport Report, MemorySample? ClientsPerClient);

    /// <summary>
    /// One connect-and-hold against <paramref name="targets"/>. With <paramref name="api"/> the node's memory is sampled;
    /// without it (the baseline) this process's growth less <paramref name="clientsPerClient"/> per connection is the server's.
    /// </summary>
    private static async Task<HoldResult> MeasureAsync(string scenario, IReadOnlyDictionary<string, string> settings, IReadOnlyList<Uri> targets,
        string targetText, IReadOnlyList<FleetMember> members, HoldPlan plan, AdminApi? api, MemorySample? clientsPerClient,
        TextWriter output, CancellationToken bound)
    {
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
        var ramp = await WithProgressAsync(recorder, output, async () =>
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
