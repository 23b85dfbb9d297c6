using System.ComponentModel;
using ActorSubs.LoadTest.Baseline;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Clients;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Scenarios.Fleet;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The <c>expiry-storm</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class ExpiryStormScenario(TextWriter output) : FleetScenario<ExpiryStormScenario.Settings>(output)
{
    public const string Expired = "subscription-expired";
    public const string RaisedLateness = "notification-raised-lateness";

    public const string Summary = "every subscription of M accounts expires at one instant (notification and cut lateness)";

    public const string Details =
        "Connects --devices-per-account devices on each of --accounts accounts, then sets every account's expiry to the same " +
        "whole second, --lead seconds ahead, with PUT /api/admin/accounts/{id}/subscription {expiresAt, tier: trial} (operator " +
        "key; a trial has no billing grace, so service ends exactly then). Measures notification lateness (arrival of the " +
        "subscription-expired notification minus that instant; also the node's own 'at' stamp minus the instant) and cut " +
        "lateness (arrival of close 4001 minus the notification's data.sessionEndsAt). The cut comes " +
        "ActorSubs:Subscriptions:ExpiredSessionLimit after the expiry (5 minutes by default): start the node with a short one, " +
        "e.g. ActorSubs__Subscriptions__ExpiredSessionLimit=00:00:05; the scenario reads sessionEndsAt from the frames, so any " +
        "limit works as long as --duration covers it. Devices acknowledge notifications as an app does. With --node-pid the " +
        "heaps are settled before the instant (a full collection in the node, in this process and in the baseline server), so " +
        "the measured second does not also pay for collecting what connecting the devices left.";

    public sealed class Settings : FleetSettings
    {
        [CommandOption("--accounts <M>"), Description("accounts whose subscriptions expire together"), DefaultValue(400), Between(1, 1_000_000)]
        public int Accounts { get; init; } = 400;

        [CommandOption("--devices-per-account <K>"), Description("connected devices on each account"), DefaultValue(5), Between(1, 1000)]
        public int DevicesPerAccount { get; init; } = 5;

        [CommandOption("--ramp <PER_SECOND>"), Description("connects started per second; 0 starts them all at once"), DefaultValue(1000.0), Between(0, 1_000_000)]
        public double Ramp { get; init; } = 1000;

        [CommandOption("--max-connecting <N>"), Description("connects in flight at most"), DefaultValue(1000), Between(1, 100_000)]
        public int MaxConnecting { get; init; } = 1000;

        [CommandOption("--no-ack"), Description("devices do not acknowledge notifications (each ack is a journal write on the node): to see what the acks cost the storm")]
        public bool NoAck { get; init; }

        [CommandOption("--baseline")]
        [Description("afterwards run the same against an in-process bare Kestrel WebSocket server that tells every device at the " +
                     "instant itself: the machine's floor for one frame to every socket at once (this process then holds both ends " +
                     "of every socket: above about 9,900 devices use --baseline-target)")]
        public bool Baseline { get; init; }

        [CommandOption("--baseline-target <URL>"), Description("the baseline against a bare server in its own process (`baseline-server` command) at URL")]
        public string? BaselineTarget { get; init; }

        [CommandOption("--node-pid <PID>"), Between(1, int.MaxValue)]
        [Description("the node's process on this machine: once the devices are connected and the expiries set, a full garbage " +
                     "collection in it (through its diagnostics port), in this process and in the baseline server, so the storm " +
                     "does not meet the collection of what the setup just allocated (a fleet connected for hours has long paid for it); " +
                     "it takes about 2 s, which --lead must leave room for")]
        public int? NodePid { get; init; }

        [CommandOption("--lead <SECONDS>"), DefaultValue(5.0), Between(0.5, 3600)]
        [Description("the instant of expiry is the whole second at least this far ahead when the adjustments start; it must leave time for all M adjustments")]
        public double Lead { get; init; } = 5;

        [CommandOption("--duration <SECONDS>"), Description("hard bound on the measured run"), DefaultValue(120.0), Between(1, 24 * 3600)]
        public override double DurationSeconds { get; init; } = 120;

        public Uri? BaselineUrl { get; private set; }

        protected override void Check()
        {
            base.Check();
            CheckCap((long)Accounts * DevicesPerAccount, $"--accounts {Accounts:N0} × --devices-per-account {DevicesPerAccount}");
            BaselineUrl = BaselineTarget is null ? null : Loopback.ParseTarget(BaselineTarget, AllowRemote);
            if (NodePid is not null && Targets.Count > 1) throw new UsageException("--node-pid goes with one --target only.");
            if (NodePid is { } pid) NodeProcess.Check(pid, "node-pid");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings common, CancellationToken cancellation)
    {
        const string Name = "expiry-storm";
        var settings = common.AsRun();
        var shape = new FleetShape(common.Accounts, common.DevicesPerAccount, 0);

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        await using var session = await OpenFleetAsync(common, shape, activate: true, cancellation);
        bound.CancelAfter(common.Duration);
        var plan = new StormPlan(common.Ramp, common.MaxConnecting, TimeSpan.FromSeconds(common.Lead), Ack: !common.NoAck, common.ConnectTimeout);

        var gateway = await MeasureAsync(Name, settings, common.Targets, common.TargetText, session.Fleet.AllDevices().ToArray(), plan,
            async (instant, recorder, token) =>
            {
                var adjusted = await session.Provisioner.SetExpiryAsync(session.Fleet.Accounts, instant, "trial", token, answer =>
                {
                    recorder.Latency(Latencies.Request, answer.Elapsed);
                    if (DateTimeOffset.UtcNow > instant) recorder.Count("expiry.adjusted-after-instant");
                });
                recorder.Count("expiry.accounts-adjusted", adjusted.Ok);
                foreach (var (reason, _) in adjusted.Failures) recorder.Error("adjust." + reason.Replace(' ', '.'));
                var failures = adjusted.Failed > 0 ? $", {adjusted.Failed:N0} failed ({adjusted.DescribeFailures()})" : "";
                return $"{adjusted.Ok:N0} accounts adjusted in {adjusted.Elapsed.TotalSeconds:0.00} s{failures}";
            },
            common.NodePid is { } pid
                ? async token => await NodeProcess.CollectGarbageAsync(pid, token) ? "the node" : $"not the node (no diagnostics port on process {pid})"
                : null,
            bound.Token);

        RunReport? baseline = null;
        if ((common.Baseline || common.BaselineUrl is not null) && !cancellation.IsCancellationRequested)
        {
            // The same cut as the node announced, so both runs hold their sockets equally long.
            var limit = gateway.Counters.TryGetValue("expiry.session-limit-ms", out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(5);
            using var baselineBound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            baselineBound.CancelAfter(common.Duration);
            var synthetic = BaselineServer.SyntheticFleet(shape).AllDevices().ToArray();
            // In this process, or in its own (each side then holds one end of every socket, within a process's open-files
            // limit); either way the instant is set through the server's route.
            await using var local = common.BaselineUrl is null ? await BaselineServer.StartAsync(cancellation) : null;
            var url = local?.Url ?? common.BaselineUrl!;
            using var http = new NodeClient([url], TargetSettings.DefaultOperatorKey, 1, TimeSpan.FromSeconds(10));
            Output.WriteLine($"baseline: bare Kestrel WebSocket server {(local is null ? "(own process) " : "")}on {url}");
            baseline = await MeasureAsync(Name + " (baseline)", settings, [url], url.ToString().TrimEnd('/'), synthetic, plan,
                async (instant, _, token) =>
                {
                    var at = Uri.EscapeDataString(instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                    var answer = await http.PostAsync($"{BaselineServer.ExpirePath}?at={at}&limitMs={(long)limit.TotalMilliseconds}", new { }, token);
                    if (!answer.Ok) throw new RunFailedException($"the baseline server did not take the instant: {answer.Describe()}");
                    return "every device told at the instant by the server itself";
                },
                common.NodePid is null ? null : async token =>
                {
                    if (local is not null) return "the server (in this process)";
                    var answer = await http.PostAsync(BaselineServer.SettlePath, new { }, token);
                    return answer.Ok ? "the server" : $"not the server ({answer.Describe()})";
                },
                baselineBound.Token);
        }

        cancellation.ThrowIfCancellationRequested();
        await FinishAsync(gateway with { Baseline = baseline }, common, cancellation);
        return LoadTestApp.ExitOk;
    }

    private sealed record StormPlan(double Ramp, int MaxConnecting, TimeSpan Lead, bool Ack, TimeSpan ConnectTimeout);

    /// <summary>
    /// Connects <paramref name="members"/>, picks the instant, has <paramref name="expireAt"/> make every subscription expire
    /// then (it answers with a line for the log), settles the heaps if <paramref name="settleServer"/> is given (a full
    /// collection in this process and, through it, in the server; it names what it settled), and records what the devices
    /// saw until every one was cut.
    /// </summary>
    private async Task<RunReport> MeasureAsync(string scenario, IReadOnlyDictionary<string, string> settings,
        IReadOnlyList<Uri> targets, string targetText, IReadOnlyList<FleetMember> members, StormPlan plan,
        Func<DateTimeOffset, RunRecorder, CancellationToken, Task<string>> expireAt, Func<CancellationToken, Task<string>>? settleServer,
        CancellationToken bound)
    {
        var output = Output;
        var recorder = new RunRecorder(scenario, settings);
        var storm = new StormEvents(recorder, plan.Ack);
        using var hub = new ClientHub(recorder, targets, plan.ConnectTimeout, storm);
        var clients = members.Select((m, i) => new DeviceClient(hub, m) { Target = i, Tag = new DeviceExpiry() }).ToArray();

        await WithProgressAsync(recorder, async () =>
        {
            output.WriteLine($"{scenario}: connecting {clients.Length:N0} devices to {targetText} …");
            var connected = await ConnectRamp.RunAsync(clients, plan.Ramp, plan.MaxConnecting, bound);
            await ConnectRamp.WaitUntilAsync(() => hub.Welcomed >= connected.Ok, plan.ConnectTimeout, bound);
            output.WriteLine($"{scenario}: {connected.Ok:N0} of {connected.Attempted:N0} connected ({connected.ConnectsPerSecond:0} connects/s), {hub.Welcomed:N0} welcomed");
            if (storm.LimitedAtWelcome > 0)
                output.WriteLine($"{scenario}: warning: {storm.LimitedAtWelcome:N0} devices were already on a limited session (expired account)");
            bound.ThrowIfCancellationRequested();

            var now = DateTimeOffset.UtcNow + plan.Lead;
            var instant = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
            storm.Arm(instant);
            var atExpiry = hub.Open;
            output.WriteLine($"{scenario}: {atExpiry:N0} devices connected; every subscription expires at {instant:HH:mm:ss.fff}Z …");
            var done = await expireAt(instant, recorder, bound);
            if (settleServer is not null)
            {
                // After the adjustments, which allocate too: what the instant meets is the storm's own garbage only.
                var settled = await settleServer(bound);
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                done += $"; heaps settled: {settled} and this process";
                if (DateTimeOffset.UtcNow > instant) recorder.Count("expiry.settled-after-instant");
            }
            var margin = instant - DateTimeOffset.UtcNow;
            var timing = margin > TimeSpan.Zero
                ? $"; {margin.TotalSeconds:0.0} s to the expiry"
                : $"; finished {-margin.TotalSeconds:0.0} s AFTER the expiry instant (raise --lead)";
            output.WriteLine($"{scenario}: {done}{timing}");
            recorder.Count("expiry.devices-connected-at-instant", atExpiry);

            // Done when every device connected at the instant has been cut; else when the last announced cut is 10 s past.
            await ConnectRamp.WaitUntilAsync(() =>
            {
                if (hub.Open == 0) return true;
                var now = DateTimeOffset.UtcNow;
                if (now < instant + TimeSpan.FromSeconds(2)) return false;
                return storm.Notified >= atExpiry && storm.LatestCut is { } last && now > last + TimeSpan.FromSeconds(10);
            }, TimeSpan.MaxValue, bound);
            if (bound.IsCancellationRequested)
                output.WriteLine($"{scenario}: --duration reached before every device was cut (is the node's ExpiredSessionLimit longer than --duration?)");
            return 0;
        });

        var notified = storm.Notified;
        recorder.Count("expiry.notified", notified);
        recorder.Count("expiry.not-notified", Math.Max(0, hub.Welcomed - notified));
        recorder.Count("expiry.cut-4001", storm.Cut);
        recorder.Count("expiry.still-connected-at-end", hub.Open);
        if (storm.SessionLimit is { } limit) recorder.Count("expiry.session-limit-ms", (long)limit.TotalMilliseconds);
        var report = recorder.ToReport(targetText);
        await ConnectRamp.CloseAllAsync(clients, recordAsDisconnects: false);
        return report;
    }

    private sealed class DeviceExpiry
    {
        public DateTimeOffset? SessionEndsAt;
    }

    /// <summary>Turns notifications and closes into the two latenesses.</summary>
    private sealed class StormEvents(RunRecorder recorder, bool ack) : ClientEvents
    {
        public override bool AckNotifications => ack;

        private long _instantTicks;
        private long _notified;
        private long _cut;
        private long _limitedAtWelcome;
        private long _latestCutTicks;
        private long _limitTicks = -1;

        public long Notified => Interlocked.Read(ref _notified);

        public long Cut => Interlocked.Read(ref _cut);

        public long LimitedAtWelcome => Interlocked.Read(ref _limitedAtWelcome);

        public DateTimeOffset? LatestCut =>
            Interlocked.Read(ref _latestCutTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

        public TimeSpan? SessionLimit => Interlocked.Read(ref _limitTicks) is var t and >= 0 ? TimeSpan.FromTicks(t) : null;

        public void Arm(DateTimeOffset instant) => Interlocked.Exchange(ref _instantTicks, instant.UtcTicks);

        public override void Welcome(AgentClient client, DateTimeOffset arrival, DateTimeOffset? sessionEndsAt)
        {
            if (sessionEndsAt is not null) Interlocked.Increment(ref _limitedAtWelcome);
        }

        public override void Notification(DeviceClient device, DateTimeOffset arrival, string id, string kind, DateTimeOffset? at,
            DateTimeOffset? sessionEndsAt)
        {
            var instantTicks = Interlocked.Read(ref _instantTicks);
            if (kind != Expired || instantTicks == 0) return;
            var instant = new DateTimeOffset(instantTicks, TimeSpan.Zero);
            Interlocked.Increment(ref _notified);
            recorder.Latency(Latencies.NotificationLateness, arrival - instant);
            if (at is { } raised) recorder.Latency(RaisedLateness, raised - instant);
            if (arrival < instant) recorder.Count("expiry.notified-early");
            if (sessionEndsAt is { } endsAt)
            {
                ((DeviceExpiry)device.Tag!).SessionEndsAt = endsAt;
                Interlocked.CompareExchange(ref _limitTicks, (endsAt - instant).Ticks, -1);
                Shared.AtomicMax(ref _latestCutTicks, endsAt.UtcTicks);
            }
            else recorder.Count("expiry.notification-without-session-end");
        }

        public override void Closed(AgentClient client, DateTimeOffset arrival, int? closeCode, bool byClient)
        {
            if (byClient || closeCode != 4001) return;
            Interlocked.Increment(ref _cut);
            if (((DeviceExpiry)client.Tag!).SessionEndsAt is { } endsAt) recorder.Latency(Latencies.CutLateness, arrival - endsAt);
            else recorder.Count("expiry.cut-without-notification");
        }
    }
}
