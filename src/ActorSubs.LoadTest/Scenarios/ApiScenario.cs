using System.ComponentModel;
using ActorSubs.LoadTest.Ceiling;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Measurement;
using ActorSubs.LoadTest.Recording;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The <c>api</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class ApiScenario(TextWriter output) : AsyncCommand<ApiScenario.Settings>
{
    public const string Summary = "purchases through the HTTP API (sign-up, then concurrent POST …/purchases)";

    public const string Details =
        "Signs up --accounts accounts, then --concurrency workers each POST /api/accounts/{id}/purchases (monthly, web, a " +
        "new transaction id) on a random account for --duration seconds. Start the node with " +
        "ActorSubs__Subscriptions__RenewalWindow=3650.00:00:00 so repeat purchases are accepted (R3 in docs/rules.md); each account then takes " +
        "about 119 monthly purchases before its expiry passes that window, so keep purchases per account below that (raise " +
        "--accounts for long or fast runs).";

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public sealed class Settings : LoopSettings
    {
        [CommandOption("--accounts <N>"), Description("accounts to sign up before the run"), DefaultValue(200), Between(1, 1_000_000)]
        public int Accounts { get; init; } = 200;

        [CommandOption("--duration <SECONDS>"), Description("measured time, after the warmup"), DefaultValue(20.0), Between(1, 3600)]
        public override double Duration { get; init; } = 20;

        [CommandOption("--warmup <SECONDS>"), Description("time run but not measured, first"), DefaultValue(3.0), Between(0, 600)]
        public override double Warmup { get; init; } = 3;

        [CommandOption("--max-requests <N>"), Description("hard cap on purchase requests, warmup included"), DefaultValue(1_000_000L), Between(1, 1e9)]
        public override long MaxRequests { get; init; } = 1_000_000;

        [CommandOption("--ceiling <sqlite:PATH|postgres:CONNSTRING>")]
        [Description("afterwards, measure single-row INSERTs/s with C writers for the same time: SQLite in its own file PATH " +
                     "(WAL, like the node), or a separate table in that PostgreSQL database")]
        public string? Ceiling { get; init; }

        public CeilingTarget? CeilingTarget { get; private set; }

        protected override void Check()
        {
            base.Check();
            CeilingTarget = Ceiling is null ? null : CeilingTarget.Parse(Ceiling, AllowRemote);
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellation)
    {
        var recorder = new RunRecorder("api", s.AsRun());
        using var http = new NodeClient(s.Targets, s.OperatorKey, s.Concurrency, RequestTimeout);
        await http.CheckReadyAsync(cancellation);
        var runId = Guid.NewGuid().ToString("N")[..8];
        output.WriteLine($"api: run {runId} against {http.TargetText}: signing up {s.Accounts} accounts …");
        var accountIds = Enumerable.Range(0, s.Accounts).Select(i => $"lt-{runId}-{i:D6}").ToArray();
        var signUp = await SignUpAsync(http, accountIds, s.Concurrency, cancellation);
        recorder.Count("sign-up-ms", (long)signUp.TotalMilliseconds);
        output.WriteLine($"api: signed up {s.Accounts} accounts in {signUp.TotalSeconds:0.0} s; " +
                         $"purchasing for {s.Warmup:0.#} s warmup + {s.Duration:0.#} s …");

        var plan = s.Plan(RequestTimeout);
        var loops = new Dictionary<string, ClosedLoopResult>(StringComparer.Ordinal);
        loops["purchases"] = await ClosedLoop.RunAsync(plan, PurchaseWorkers(http, accountIds, runId), cancellation);

        if (s.CeilingTarget is { } target)
        {
            output.WriteLine($"api: measuring the raw insert ceiling on {target.Describe()} with {s.Concurrency} writers …");
            loops["inserts"] = await InsertCeiling.RunAsync(target, plan with { MaxOperations = long.MaxValue, Grace = TimeSpan.FromSeconds(30) }, cancellation);
        }

        await RunOutput.FinishAsync(recorder.ToReport(http.TargetText) with { Loops = loops }, s.JsonPath, null, output, cancellation);
        if (loops["purchases"].Errors.Any(e => e.Code == "renewal-not-open"))
            output.WriteLine("note: renewal-not-open means an account's expiry passed the node's renewal window (each purchase " +
                             "adds a month): use more --accounts, a shorter run or a wider ActorSubs__Subscriptions__RenewalWindow.");
        return LoadTestApp.ExitOk;
    }

    /// <summary>Workers that each buy a month (web, a new transaction id) on a random account, over and over.</summary>
    public static Func<int, CancellationToken, Task<ILoadWorker>> PurchaseWorkers(NodeClient http, IReadOnlyList<string> accountIds, string runId) =>
        (worker, _) => Task.FromResult<ILoadWorker>(new Worker(async ct =>
        {
            var account = accountIds[Random.Shared.Next(accountIds.Count)];
            var body = new { plan = "monthly", channel = "web", transactionId = $"{runId}-{worker}-{Guid.NewGuid():N}" };
            return (await http.PostAsync($"/api/accounts/{account}/purchases", body, ct)).Outcome;
        }));

    /// <summary>Signs up every account, C at a time; any failure stops the run (the purchases would only fail).</summary>
    private static async Task<TimeSpan> SignUpAsync(NodeClient http, IReadOnlyList<string> accountIds, int concurrency, CancellationToken cancellation)
    {
        var signUps = await http.SendAllAsync(concurrency, accountIds,
            id => http.PostAsync("/api/accounts", new { accountId = id, email = $"{id}@loadtest.invalid" }, cancellation), stopOnFailure: true, cancellation);
        signUps.ThrowIfFailed("sign-up");
        return signUps.Elapsed;
    }
}
