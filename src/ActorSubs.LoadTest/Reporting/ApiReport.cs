using ActorSubs.LoadTest.Measurement;

namespace ActorSubs.LoadTest.Reporting;

/// <summary>Everything the <c>api</c> scenario measured, printed as text and optionally written as JSON.</summary>
public sealed record ApiReport(
    string Scenario, string RunId, DateTimeOffset StartedAt, string Target, int Accounts, int Concurrency,
    double WarmupSeconds, double DurationSeconds, long MaxRequests, double SignUpSeconds,
    ClosedLoopResult Purchases, CeilingReport? Ceiling)
{
    /// <summary>Purchases/s divided by single-row inserts/s of the same run, or null without a ceiling.</summary>
    public double? CeilingRatio =>
        Purchases.Throughput is { } p && Ceiling?.Inserts.Throughput is { } c && c > 0 ? Math.Round(p / c, 3) : null;
}

/// <summary>The raw insert ceiling: single-row autocommit INSERTs of <see cref="PayloadBytes"/> bytes.</summary>
public sealed record CeilingReport(string Database, string Where, int PayloadBytes, ClosedLoopResult Inserts);

/// <summary>Everything the <c>signups</c> scenario measured: the closed loop, and the open loop when one was run.</summary>
public sealed record SignUpsReport(
    string Scenario, string RunId, DateTimeOffset StartedAt, string Target, int Concurrency,
    double WarmupSeconds, double DurationSeconds, long MaxRequests, ClosedLoopResult SignUps, OpenLoopResult? OpenLoop);
