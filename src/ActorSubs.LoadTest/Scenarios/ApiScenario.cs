using System.Diagnostics;
using System.Text.Json;
using ActorSubs.LoadTest.Ceiling;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Measurement;
using ActorSubs.LoadTest.Reporting;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>
/// <c>api</c>: signs up N accounts, then C workers buy monthly web plans on random accounts for the
/// duration, each purchase a new transaction id, so each is an event written by the account's journal.
/// Optionally measures the raw single-row insert ceiling of the same database kind afterwards.
/// </summary>
public sealed class ApiScenario : IScenario
{
    public const string DefaultTarget = "http://127.0.0.1:5080";
    public const string DefaultOperatorKey = "dev-operator-key";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public string Name => "api";

    public string Summary => "purchases through the HTTP API (sign-up, then concurrent POST …/purchases)";

    public string Description =>
        "Purchases through the HTTP API: signs up --accounts accounts, then --concurrency workers each POST " +
        "/api/accounts/{id}/purchases (monthly, web, a new transaction id) on a random account for --duration " +
        "seconds. Start the node with ActorSubs__Subscriptions__RenewalWindow=3650.00:00:00 so repeat purchases " +
        "are accepted (R3); each account then takes about 119 monthly purchases before its expiry passes that " +
        "window, so keep purchases per account below that (raise --accounts for long or fast runs).";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("target", "URL[,URL…]", "node to load, or a cluster's nodes (requests go round robin over them); only loopback hosts " +
            "unless --allow-remote", DefaultTarget),
        new("allow-remote", null, "allow a non-loopback --target or PostgreSQL host"),
        new("operator-key", "KEY", "operator key sent as 'Authorization: Bearer KEY'", DefaultOperatorKey),
        new("accounts", "N", "accounts to sign up before the run", "200"),
        new("concurrency", "C", "concurrent workers (and HTTP connections)", "32"),
        new("duration", "SECONDS", "measured time, after the warmup", "20"),
        new("warmup", "SECONDS", "time run but not measured, first", "3"),
        new("max-requests", "N", "hard cap on purchase requests, warmup included", "1,000,000"),
        new("ceiling", "sqlite:PATH|postgres:CONNSTRING",
            "afterwards, measure single-row INSERTs/s with C writers for the same time: SQLite in its own file PATH " +
            "(WAL, like the node), or a separate table in that PostgreSQL database"),
        new("json", "PATH", "also write the results as JSON to PATH"),
    ];

    public async Task<int> RunAsync(ParsedOptions options, TextWriter output, CancellationToken cancellation)
    {
        var settings = ApiSettings.From(options);
        var startedAt = DateTimeOffset.UtcNow;
        using var http = new NodeHttp(settings.Targets, settings.OperatorKey, settings.Concurrency, RequestTimeout);

        await CheckReadyAsync(http, cancellation);
        var runId = Guid.NewGuid().ToString("N")[..8];
        output.WriteLine($"api: run {runId} against {http.TargetText}: signing up {settings.Accounts} accounts …");
        var signUp = await SignUpAsync(http, runId, settings, cancellation);
        output.WriteLine($"api: signed up {settings.Accounts} accounts in {signUp.TotalSeconds:0.0} s; " +
                         $"purchasing for {settings.Warmup.TotalSeconds:0.#} s warmup + {settings.Duration.TotalSeconds:0.#} s …");

        var plan = new ClosedLoopPlan(settings.Concurrency, settings.Warmup, settings.Duration, settings.MaxRequests, RequestTimeout);
        var accountIds = Enumerable.Range(0, settings.Accounts).Select(i => AccountId(runId, i)).ToArray();
        var purchases = await ClosedLoop.RunAsync(plan,
            (worker, _) => Task.FromResult<ILoadWorker>(new PurchaseWorker(http, accountIds, $"{runId}-{worker}")), cancellation);

        CeilingReport? ceiling = null;
        if (settings.Ceiling is { } target)
        {
            output.WriteLine($"api: measuring the raw insert ceiling on {target.Describe()} with {settings.Concurrency} writers …");
            var ceilingPlan = plan with { MaxOperations = long.MaxValue, Grace = TimeSpan.FromSeconds(30) };
            var inserts = await InsertCeiling.RunAsync(target, ceilingPlan, cancellation);
            ceiling = new CeilingReport(target.Database.ToString().ToLowerInvariant(), target.Describe(),
                InsertCeiling.PayloadBytes, inserts);
        }

        var report = new ApiReport(
            Scenario: Name, RunId: runId, StartedAt: startedAt, Target: http.TargetText,
            Accounts: settings.Accounts, Concurrency: settings.Concurrency,
            WarmupSeconds: settings.Warmup.TotalSeconds, DurationSeconds: settings.Duration.TotalSeconds,
            MaxRequests: settings.MaxRequests, SignUpSeconds: Math.Round(signUp.TotalSeconds, 3),
            Purchases: purchases, Ceiling: ceiling);
        ReportPrinter.PrintApi(report, output);
        if (settings.JsonPath is { } path)
        {
            await ReportPrinter.WriteJsonAsync(report, path, cancellation);
            output.WriteLine($"results written to {path}");
        }
        return LoadTestCli.ExitOk;
    }

    private static string AccountId(string runId, int index) => $"lt-{runId}-{index:D6}";

    /// <summary>Every target answers its readiness probe.</summary>
    internal static async Task CheckReadyAsync(NodeHttp http, CancellationToken cancellation)
    {
        foreach (var target in http.Targets)
        {
            try
            {
                using var response = await http.GetAsync(target, "/healthz/ready", cancellation);
                if (!response.IsSuccessStatusCode)
                    throw new RunFailedException($"{target}healthz/ready answered {(int)response.StatusCode}: the node is not ready.");
            }
            catch (HttpRequestException e)
            {
                throw new RunFailedException($"cannot reach {target}", e);
            }
            catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
            {
                throw new RunFailedException($"{target}healthz/ready did not answer in time", e);
            }
        }
    }

    /// <summary>Signs up every account, C at a time; any failure stops the run (the purchases would only fail).</summary>
    private static async Task<TimeSpan> SignUpAsync(NodeHttp http, string runId, ApiSettings settings, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var errors = new ErrorTally();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Accounts),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellation },
            async (i, ct) =>
            {
                if (errors.Total > 0) return; // stop early once something is wrong
                var id = AccountId(runId, i);
                var body = JsonSerializer.Serialize(new { accountId = id, email = $"{id}@loadtest.invalid" });
                var outcome = await http.PostAsync("/api/accounts", body, ct);
                if (!outcome.Ok) errors.Add(outcome.Error, outcome.Detail);
            });
        if (errors.Total > 0)
        {
            var first = errors.Snapshot()[0];
            throw new RunFailedException($"sign-up failed: {first.Status} {first.Code}: {first.FirstDetail} " +
                                         "(is --operator-key the node's ActorSubs:Admin:ApiKey?)");
        }
        return clock.Elapsed;
    }

    /// <summary>One worker: a purchase with a fresh transaction id on a random account, over and over.</summary>
    private sealed class PurchaseWorker(NodeHttp http, string[] accountIds, string transactionPrefix) : ILoadWorker
    {
        private long _sequence;

        public async ValueTask<Outcome> ExecuteAsync(CancellationToken cancellation)
        {
            var account = accountIds[Random.Shared.Next(accountIds.Length)];
            var transaction = $"{transactionPrefix}-{++_sequence}";
            var body = $$"""{"plan":"monthly","channel":"web","transactionId":"{{transaction}}"}""";
            return await http.PostAsync($"/api/accounts/{account}/purchases", body, cancellation);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>The <c>api</c> options, parsed and checked.</summary>
public sealed record ApiSettings(
    IReadOnlyList<Uri> Targets, string OperatorKey, int Accounts, int Concurrency, TimeSpan Duration, TimeSpan Warmup, long MaxRequests,
    CeilingTarget? Ceiling, string? JsonPath)
{
    public static ApiSettings From(ParsedOptions o)
    {
        var allowRemote = o.Has("allow-remote");
        var targets = Loopback.ParseTargets(o.GetString("target", ApiScenario.DefaultTarget), allowRemote, o.Scenario);
        var ceiling = o.GetString("ceiling") is { } c ? CeilingTarget.Parse(c, allowRemote, o.Scenario) : null;
        return new ApiSettings(
            targets,
            o.GetString("operator-key", ApiScenario.DefaultOperatorKey),
            o.GetInt32("accounts", 200, 1, 1_000_000),
            o.GetInt32("concurrency", 32, 1, 1024),
            o.GetSeconds("duration", 20, 1, 3600),
            o.GetSeconds("warmup", 3, 0, 600),
            o.GetInt64("max-requests", 1_000_000, 1, 1_000_000_000),
            ceiling,
            o.GetString("json") is { } json ? Path.GetFullPath(json) : null);
    }
}
