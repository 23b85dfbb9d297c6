using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Measurement;
using ActorSubs.LoadTest.Reporting;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>
/// <c>signups</c>: C workers each <c>POST /api/accounts</c> with a new account id, back to back (closed loop);
/// every sign-up starts a new persistent entity (a recovery that finds nothing) and writes one event. With
/// <c>--rate</c>, a second phase then starts sign-ups at that fixed rate (open loop) for the same duration.
/// </summary>
public sealed class SignUpsScenario : IScenario
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public string Name => "signups";

    public string Summary => "account sign-ups through the HTTP API (concurrent POST /api/accounts, new ids)";

    public string Description =>
        "Sign-ups through the HTTP API: --concurrency workers each POST /api/accounts with a new account id, back " +
        "to back, for --warmup plus --duration seconds (closed loop). Each creates a new account entity: a recovery " +
        "that finds nothing, then one journal write. With --rate R, a second phase then starts R sign-ups a second " +
        "for --duration seconds whatever the answers (open loop, at most --max-in-flight at once); its latency runs " +
        "from each request's scheduled start.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("target", "URL[,URL…]", "node to load, or a cluster's nodes (round robin); only loopback hosts unless --allow-remote",
            ApiScenario.DefaultTarget),
        new("allow-remote", null, "allow a non-loopback --target"),
        new("operator-key", "KEY", "operator key sent as 'Authorization: Bearer KEY'", ApiScenario.DefaultOperatorKey),
        new("concurrency", "C", "concurrent workers (and HTTP connections)", "32"),
        new("duration", "SECONDS", "measured time, after the warmup (and the open-loop phase's length)", "10"),
        new("warmup", "SECONDS", "time run but not measured, first", "2"),
        new("max-requests", "N", "hard cap on sign-ups per phase, warmup included", "200,000"),
        new("rate", "PER_SECOND", "afterwards, an open-loop phase at this many sign-ups a second"),
        new("max-in-flight", "N", "open-loop phase: at most this many sign-ups at once", "512"),
        new("json", "PATH", "also write the results as JSON to PATH"),
    ];

    public async Task<int> RunAsync(ParsedOptions options, TextWriter output, CancellationToken cancellation)
    {
        var s = SignUpsSettings.From(options);
        var startedAt = DateTimeOffset.UtcNow;
        var runId = Guid.NewGuid().ToString("N")[..8];
        using var http = new NodeHttp(s.Targets, s.OperatorKey, Math.Max(s.Concurrency, s.Rate is null ? 0 : s.MaxInFlight), RequestTimeout);
        await ApiScenario.CheckReadyAsync(http, cancellation);

        output.WriteLine($"signups: run {runId} against {http.TargetText}: {s.Concurrency} workers for " +
                         $"{s.Warmup.TotalSeconds:0.#} s warmup + {s.Duration.TotalSeconds:0.#} s …");
        var plan = new ClosedLoopPlan(s.Concurrency, s.Warmup, s.Duration, s.MaxRequests, RequestTimeout);
        var closed = await ClosedLoop.RunAsync(plan,
            (worker, _) => Task.FromResult<ILoadWorker>(new SignUpWorker(http, $"su-{runId}-c{worker}")), cancellation);

        OpenLoopResult? open = null;
        if (s.Rate is { } rate)
        {
            output.WriteLine($"signups: open loop, {rate:0.#} sign-ups/s for {s.Duration.TotalSeconds:0.#} s (at most {s.MaxInFlight} in flight) …");
            open = await OpenLoop.RunAsync(new OpenLoopPlan(rate, s.Duration, s.MaxInFlight, RequestTimeout),
                (i, ct) => SignUpAsync(http, $"su-{runId}-o-{i}", ct), cancellation);
        }

        var report = new SignUpsReport(Name, runId, startedAt, http.TargetText, s.Concurrency,
            s.Warmup.TotalSeconds, s.Duration.TotalSeconds, s.MaxRequests, closed, open);
        ReportPrinter.PrintSignUps(report, output);
        if (s.JsonPath is { } path)
        {
            await ReportPrinter.WriteJsonAsync(report, path, cancellation);
            output.WriteLine($"results written to {path}");
        }
        return LoadTestCli.ExitOk;
    }

    private static async ValueTask<Outcome> SignUpAsync(NodeHttp http, string accountId, CancellationToken cancellation) =>
        await http.PostAsync("/api/accounts", $$"""{"accountId":"{{accountId}}","email":"{{accountId}}@loadtest.invalid"}""", cancellation);

    private sealed class SignUpWorker(NodeHttp http, string prefix) : ILoadWorker
    {
        private long _sequence;

        public ValueTask<Outcome> ExecuteAsync(CancellationToken cancellation) => SignUpAsync(http, $"{prefix}-{++_sequence}", cancellation);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>The <c>signups</c> options, parsed and checked.</summary>
public sealed record SignUpsSettings(
    IReadOnlyList<Uri> Targets, string OperatorKey, int Concurrency, TimeSpan Duration, TimeSpan Warmup, long MaxRequests,
    double? Rate, int MaxInFlight, string? JsonPath)
{
    public static SignUpsSettings From(ParsedOptions o)
    {
        var duration = o.GetSeconds("duration", 10, 1, 3600);
        var maxRequests = o.GetInt64("max-requests", 200_000, 1, 100_000_000);
        double? rate = o.Has("rate") ? o.GetInt64("rate", 0, 1, 1_000_000) : null;
        if (rate * duration.TotalSeconds > maxRequests)
            throw new UsageException($"--rate {rate} for {duration.TotalSeconds} s is more than --max-requests {maxRequests}.", o.Scenario);
        return new SignUpsSettings(
            Loopback.ParseTargets(o.GetString("target", ApiScenario.DefaultTarget), o.Has("allow-remote"), o.Scenario),
            o.GetString("operator-key", ApiScenario.DefaultOperatorKey),
            o.GetInt32("concurrency", 32, 1, 1024),
            duration,
            o.GetSeconds("warmup", 2, 0, 600),
            maxRequests,
            rate,
            o.GetInt32("max-in-flight", 512, 1, 10_000),
            o.GetString("json") is { } json ? Path.GetFullPath(json) : null);
    }
}
