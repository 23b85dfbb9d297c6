using System.ComponentModel;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Measurement;
using ActorSubs.LoadTest.Recording;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The <c>signups</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class SignUpsScenario(TextWriter output) : AsyncCommand<SignUpsScenario.Settings>
{
    public const string Summary = "account sign-ups through the HTTP API (concurrent POST /api/accounts, new ids)";

    public const string Details =
        "--concurrency workers each POST /api/accounts with a new account id, back to back, for --warmup plus --duration " +
        "seconds (closed loop). Each creates a new account entity: a recovery that finds nothing, then one journal write. " +
        "With --rate R, a second phase then starts R sign-ups a second for --duration seconds whatever the answers (open " +
        "loop, at most --max-in-flight at once); its latency runs from each request's scheduled start.";

    public sealed class Settings : LoopSettings
    {
        [CommandOption("--duration <SECONDS>"), Description("measured time, after the warmup (and the open-loop phase's length)"), DefaultValue(10.0), Between(1, 3600)]
        public override double Duration { get; init; } = 10;

        [CommandOption("--warmup <SECONDS>"), Description("time run but not measured, first"), DefaultValue(2.0), Between(0, 600)]
        public override double Warmup { get; init; } = 2;

        [CommandOption("--max-requests <N>"), Description("hard cap on sign-ups per phase, warmup included"), DefaultValue(200_000L), Between(1, 1e8)]
        public override long MaxRequests { get; init; } = 200_000;

        [CommandOption("--rate <PER_SECOND>"), Description("afterwards, an open-loop phase at this many sign-ups a second"), Between(1, 1_000_000)]
        public int? Rate { get; init; }

        [CommandOption("--max-in-flight <N>"), Description("open-loop phase: at most this many sign-ups at once"), DefaultValue(512), Between(1, 10_000)]
        public int MaxInFlight { get; init; } = 512;

        protected override void Check()
        {
            base.Check();
            if (Rate * Duration > MaxRequests)
                throw new UsageException($"--rate {Rate} for {Duration} s is more than --max-requests {MaxRequests}.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellation)
    {
        var recorder = new RunRecorder("signups", s.AsRun());
        var runId = Guid.NewGuid().ToString("N")[..8];
        using var http = new NodeClient(s.Targets, s.OperatorKey, Math.Max(s.Concurrency, s.Rate is null ? 0 : s.MaxInFlight), ApiScenario.RequestTimeout);
        await http.CheckReadyAsync(cancellation);

        output.WriteLine($"signups: run {runId} against {http.TargetText}: {s.Concurrency} workers for {s.Warmup:0.#} s warmup + {s.Duration:0.#} s …");
        var sequence = 0L;
        var closed = await ClosedLoop.RunAsync(s.Plan(ApiScenario.RequestTimeout),
            (_, _) => Task.FromResult<ILoadWorker>(new Worker(ct => SignUpAsync(http, $"su-{runId}-c{Interlocked.Increment(ref sequence)}", ct))),
            cancellation);

        OpenLoopResult? open = null;
        if (s.Rate is { } rate)
        {
            output.WriteLine($"signups: open loop, {rate} sign-ups/s for {s.Duration:0.#} s (at most {s.MaxInFlight} in flight) …");
            open = await OpenLoop.RunAsync(new OpenLoopPlan(rate, TimeSpan.FromSeconds(s.Duration), s.MaxInFlight, ApiScenario.RequestTimeout),
                async (i, ct) => await SignUpAsync(http, $"su-{runId}-o-{i}", ct), cancellation);
        }

        var report = recorder.ToReport(http.TargetText) with { Loops = new Dictionary<string, ClosedLoopResult> { ["sign-ups"] = closed }, OpenLoop = open };
        await RunOutput.FinishAsync(report, s.JsonPath, null, output, cancellation);
        return LoadTestApp.ExitOk;
    }

    private static async Task<Outcome> SignUpAsync(NodeClient http, string accountId, CancellationToken cancellation) =>
        (await http.PostAsync("/api/accounts", new { accountId, email = $"{accountId}@loadtest.invalid" }, cancellation)).Outcome;
}
