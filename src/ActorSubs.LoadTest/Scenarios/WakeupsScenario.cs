using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Scenarios.Fleet;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The <c>wakeups</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class WakeupsScenario(TextWriter output) : AsyncCommand<WakeupsScenario.Settings>
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public const string Summary = "sleeping accounts woken at their expiry: memory per passivated account, wake-up lateness, catch-up";

    public const string Details =
        "Signs up --accounts accounts and sets their expiries (PUT /api/admin/accounts/{id}/subscription, tier trial): " +
        "--burst of them within --burst-window (one minute) starting --lead seconds after provisioning ends, the rest spread evenly over " +
        "--spread seconds from the same start. Then waits until the node has passivated them (start it with a short " +
        "ActorSubs__Entities__PassivateIdleAfter), reads its memory (with --node-pid after a full collection) and watches " +
        "/metrics until every expiry was raised, printing the lateness quantiles of actorsubs_due_lateness_seconds and " +
        "actorsubs_wakeup_lateness_seconds (bucket resolution: the quantile is reported as the bucket's upper bound). " +
        "--phase provision writes --plan and stops; --phase watch reads it (e.g. after restarting the node past the " +
        "expiries) and reports the time from the start of the watch until all fired.";

    public sealed class Settings : TargetSettings
    {
        [CommandOption("--accounts <N>"), Description("accounts"), DefaultValue(100_000), Between(1, 2_000_000)]
        public int Accounts { get; init; } = 100_000;

        [CommandOption("--burst <N>"), Description("of them, how many expire within --burst-window (default: all, at most 100,000)"), Between(0, 2_000_000)]
        public int? Burst { get; init; }

        [CommandOption("--burst-window <SECONDS>"), Description("the burst's instants are spread evenly over this long"), DefaultValue(60.0), Between(0.001, 3600)]
        public double BurstWindow { get; init; } = 60;

        [CommandOption("--spread <SECONDS>"), Description("the others expire evenly over this long"), DefaultValue(3600.0), Between(1, 86_400)]
        public double Spread { get; init; } = 3600;

        [CommandOption("--lead <SECONDS>"), Description("the first expiry is this long after provisioning ends"), DefaultValue(120.0), Between(5, 86_400)]
        public double Lead { get; init; } = 120;

        [CommandOption("--concurrency <C>"), Description("HTTP requests in flight while provisioning"), DefaultValue(32), Between(1, 1024)]
        public int Concurrency { get; init; } = 32;

        [CommandOption("--node-pid <PID>"), Description("the node's process on this machine: collect its garbage before memory samples"), Between(1, int.MaxValue)]
        public int? NodePid { get; init; }

        [CommandOption("--phase <all|provision|watch>"), Description("run everything, or only one half (see above)"), DefaultValue("all")]
        public string Phase { get; init; } = "all";

        [CommandOption("--plan <PATH>"), Description("where provision writes the instants and watch reads them"), DefaultValue("wakeups-plan.json")]
        public string Plan { get; init; } = "wakeups-plan.json";

        [CommandOption("--timeout <SECONDS>"), Description("hard bound on the watch"), DefaultValue(7200.0), Between(10, 86_400)]
        public double Timeout { get; init; } = 7200;

        protected override void Check()
        {
            base.Check();
            if (Targets.Count > 1) throw new UsageException("--target: wakeups watches one node.");
            if (Burst > Accounts) throw new UsageException($"--burst: {Burst} is more than --accounts {Accounts}.");
            if (NodePid is { } pid) NodeProcess.Check(pid, "node-pid");
            if (Phase is not ("all" or "provision" or "watch")) throw new UsageException($"--phase: '{Phase}' is not all, provision or watch.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellation)
    {
        var (accounts, concurrency, pid, planPath) = (s.Accounts, s.Concurrency, s.NodePid, s.Plan);
        var (burst, spread, lead, timeout) = (s.Burst ?? Math.Min(100_000, accounts), TimeSpan.FromSeconds(s.Spread), TimeSpan.FromSeconds(s.Lead), TimeSpan.FromSeconds(s.Timeout));
        var burstWindow = TimeSpan.FromSeconds(s.BurstWindow);
        using var api = new NodeClient(s.Targets, s.OperatorKey, concurrency, RequestTimeout);
        await api.CheckReadyAsync(cancellation);

        Plan plan;
        if (s.Phase == "watch") plan = JsonSerializer.Deserialize<Plan>(await File.ReadAllTextAsync(planPath, cancellation))!;
        else
        {
            plan = await ProvisionAsync(api, output, accounts, burst, burstWindow, spread, lead, concurrency, pid, cancellation);
            await File.WriteAllTextAsync(planPath, JsonSerializer.Serialize(plan), cancellation);
            output.WriteLine($"wakeups: plan written to {planPath}");
            if (s.Phase == "provision") return LoadTestApp.ExitOk;
        }
        return await WatchAsync(api, output, plan, pid, timeout, cancellation);
    }

    private static async Task<Plan> ProvisionAsync(NodeClient api, TextWriter output, int accounts, int burst, TimeSpan burstWindow, TimeSpan spread,
        TimeSpan lead, int concurrency, int? pid, CancellationToken cancellation)
    {
        var before = await MemoryAsync(api, pid, cancellation);
        var run = Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, accounts).Select(i => $"wk-{run}-{i}").ToArray();

        var signedUp = await api.SendAllAsync(concurrency, ids,
            id => api.PostAsync("/api/accounts", new { accountId = id, email = $"{id}@example.com" }, cancellation), stopOnFailure: false, cancellation);
        signedUp.ThrowIfFailed($"{signedUp.Failed:N0} of {accounts:N0} sign-ups");
        var signUps = signedUp.Elapsed;
        output.WriteLine($"wakeups: {accounts:N0} sign-ups in {signUps.TotalSeconds:0.0} s ({accounts / signUps.TotalSeconds:N0}/s at {concurrency} clients)");

        // The instants are fixed before the adjustments start, far enough ahead to cover them at the sign-up rate.
        var first = DateTimeOffset.UtcNow + signUps + lead;
        first = new DateTimeOffset(first.UtcTicks - first.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
        DateTimeOffset InstantOf(int i) => i < burst
            ? first + TimeSpan.FromTicks(burstWindow.Ticks / Math.Max(1, burst) * i)
            : first + TimeSpan.FromTicks(spread.Ticks / Math.Max(1, accounts - burst) * (i - burst));
        var setLate = 0;
        var set = await api.SendAllAsync(concurrency, Enumerable.Range(0, accounts).ToArray(), async i =>
        {
            var answer = await api.PutAsync($"/api/admin/accounts/{ids[i]}/subscription",
                new { expiresAt = InstantOf(i).ToString("O", CultureInfo.InvariantCulture), tier = "trial" }, cancellation);
            if (DateTimeOffset.UtcNow > InstantOf(i)) Interlocked.Increment(ref setLate);
            return answer;
        }, stopOnFailure: false, cancellation);
        set.ThrowIfFailed($"{set.Failed:N0} of {accounts:N0} expiry adjustments");
        output.WriteLine($"wakeups: {accounts:N0} expiries set in {set.Elapsed.TotalSeconds:0.0} s; first at {first:HH:mm:ss}, " +
                         $"{burst:N0} within {burstWindow.TotalSeconds:0.###} s, the rest over {spread.TotalSeconds:N0} s");
        // Adjustments can run slower than sign-ups (a large journal): an instant already past when it was set fires on the
        // adjustment itself, not from sleep, and would flatter the lateness figures.
        if (setLate > 0)
            output.WriteLine($"wakeups: WARNING: {setLate:N0} expiries were already due when they were set (adjustments ran slower than " +
                             "sign-ups): they were raised by their adjustment, not woken from sleep; rerun with a longer --lead");

        // Asleep: the node has passivated them (it keeps no entity for an account without sessions).
        var live = await WaitForAsync(api, m => m.Live <= accounts / 100, first - TimeSpan.FromSeconds(5), cancellation);
        var asleep = await MemoryAsync(api, pid, cancellation);
        output.WriteLine($"wakeups: {live.Live:N0} accounts still in memory; node memory {Mib(before)} before, {Mib(asleep)} with " +
                         $"{accounts:N0} passivated accounts: {PerAccount(asleep - before, accounts)} each ({live.Pending:N0} wake-ups held " +
                         "by loaded buckets)");
        return new Plan(first, accounts, burst, spread.TotalSeconds, before);
    }

    private static async Task<int> WatchAsync(NodeClient api, TextWriter output, Plan plan, int? pid, TimeSpan timeout, CancellationToken cancellation)
    {
        // Just before the first instant the first span's buckets are loaded: memory with the index entries in it.
        if (DateTimeOffset.UtcNow < plan.First - TimeSpan.FromSeconds(10))
        {
            await Task.Delay(plan.First - TimeSpan.FromSeconds(10) - DateTimeOffset.UtcNow, cancellation);
            var loaded = await ReadAsync(api, cancellation);
            var memory = await MemoryAsync(api, pid, cancellation);
            output.WriteLine($"wakeups: with {loaded.Pending:N0} wake-ups loaded in buckets: node memory {Mib(memory)}, " +
                             $"{PerAccount(memory - plan.Before, plan.Accounts)} per account over the node before provisioning");
        }
        // The bound runs from here, not from before the wait for the first instant, or a long lead would eat the watch.
        var start = DateTimeOffset.UtcNow;
        var deadline = start + timeout;
        output.WriteLine($"wakeups: watching until {plan.Accounts:N0} expiries have fired …");
        var done = await WaitForAsync(api, m => m.Raised >= plan.Accounts, deadline, cancellation, m =>
            output.WriteLine($"  {DateTimeOffset.UtcNow:HH:mm:ss} raised {m.Raised:N0}, live {m.Live:N0}, pending {m.Pending:N0}, " +
                             $"backlog {m.Backlog:N0}, waiting to write {m.WaitingToWrite:N0}"));
        var took = DateTimeOffset.UtcNow - start;
        output.WriteLine(done.Raised >= plan.Accounts
            ? $"wakeups: all {plan.Accounts:N0} fired; {took.TotalSeconds:0.0} s from the start of the watch " +
              $"({(DateTimeOffset.UtcNow - plan.First).TotalSeconds:0.0} s after the first instant)"
            : $"wakeups: only {done.Raised:N0} of {plan.Accounts:N0} fired within {timeout.TotalSeconds:N0} s");
        if (done.Raised >= plan.Accounts && plan.Burst == plan.Accounts)
        {
            // Raised is counted before the write (the push goes first); a bucket's entry goes only once its account has
            // written and acknowledged, so no pending entry means every expiry is stored.
            var stored = await WaitForAsync(api, m => m.Pending == 0, deadline, cancellation);
            output.WriteLine(stored.Pending == 0
                ? $"wakeups: all {plan.Accounts:N0} written and acknowledged {(DateTimeOffset.UtcNow - plan.First).TotalSeconds:0.0} s after the first instant"
                : $"wakeups: {stored.Pending:N0} wake-ups still unacknowledged at the end of the watch");
        }
        var text = await MetricsTextAsync(api, cancellation);
        foreach (var (series, label) in new[]
                 {
                     ("actorsubs_due_lateness_seconds", "due → raised, all"), ("actorsubs_due_lateness_seconds{woken_by=\"recovery\"", "due → raised, account was asleep"),
                     ("actorsubs_wakeup_lateness_seconds", "due → wake sent"),
                 })
        {
            var h = PromHistogram.Parse(text, series);
            output.WriteLine($"  {label,-34} n {h.Count,9:N0}  p50 ≤ {Ms(h.Quantile(0.5))}  p99 ≤ {Ms(h.Quantile(0.99))}  " +
                             $"max bucket ≤ {Ms(h.Quantile(1))}  mean {Ms(h.Count == 0 ? 0 : h.Sum / h.Count)}");
        }
        return done.Raised >= plan.Accounts ? LoadTestApp.ExitOk : LoadTestApp.ExitRunFailed;
    }

    private readonly record struct NodeFigures(long Live, long Pending, long Backlog, long Raised, long WaitingToWrite);

    private static async Task<NodeFigures> WaitForAsync(NodeClient api, Func<NodeFigures, bool> until, DateTimeOffset deadline,
        CancellationToken cancellation, Action<NodeFigures>? progress = null)
    {
        var figures = await ReadAsync(api, cancellation);
        var lastPrinted = DateTimeOffset.MinValue;
        while (!until(figures) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            figures = await ReadAsync(api, cancellation);
            if (progress is not null && DateTimeOffset.UtcNow - lastPrinted >= TimeSpan.FromSeconds(10))
            {
                progress(figures);
                lastPrinted = DateTimeOffset.UtcNow;
            }
        }
        return figures;
    }

    private static async Task<NodeFigures> ReadAsync(NodeClient api, CancellationToken cancellation)
    {
        var text = await MetricsTextAsync(api, cancellation);
        return new NodeFigures((long)(PromHistogram.Value(text, "actorsubs_accounts_live") ?? 0), (long)(PromHistogram.Value(text, "actorsubs_wakeups_pending") ?? 0),
            (long)(PromHistogram.Value(text, "actorsubs_wakeups_catchup_backlog") ?? 0), PromHistogram.Parse(text, "actorsubs_due_lateness_seconds").Count,
            (long)(PromHistogram.Value(text, "actorsubs_timeline_writes_waiting") ?? 0));
    }

    private static async Task<string> MetricsTextAsync(NodeClient api, CancellationToken cancellation)
    {
        var answer = await api.GetAsync(0, "/metrics", cancellation);
        if (!answer.Ok) throw new RunFailedException($"GET /metrics: {answer.Describe()}");
        return System.Text.Encoding.UTF8.GetString(answer.Body);
    }

    private static async Task<MemorySample> MemoryAsync(NodeClient api, int? pid, CancellationToken cancellation)
    {
        if (pid is { } p) await NodeProcess.CollectGarbageAsync(p, cancellation);
        return await MemoryProbe.NodesAsync(api, cancellation) ?? throw new RunFailedException("the node's /metrics has no memory figures");
    }

    private static string Mib(MemorySample m) => $"{m.Managed / 1048576.0:N1} MiB managed / {m.WorkingSet / 1048576.0:N1} MiB working set";

    private static string PerAccount(MemorySample grown, int accounts) =>
        $"{grown.Managed / (double)accounts:N0} B managed / {grown.WorkingSet / (double)accounts:N0} B working set";

    private static string Ms(double seconds) => $"{seconds * 1000,8:N1} ms";

    /// <summary>What the watch needs from the provisioning run.</summary>
    public sealed record Plan(DateTimeOffset First, int Accounts, int Burst, double SpreadSeconds, MemorySample Before);
}
