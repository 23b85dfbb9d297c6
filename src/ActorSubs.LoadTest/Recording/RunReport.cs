using ActorSubs.LoadTest.Measurement;
using HdrHistogram;

namespace ActorSubs.LoadTest.Recording;

/// <summary>
/// One run of any scenario, frozen: what was asked (<see cref="Settings"/>), what was counted, the latency distributions,
/// the timeline and, for the HTTP scenarios, their closed and open <see cref="Loops"/>. Written as the JSON report, read
/// back to print or draw it again; <see cref="Baseline"/> holds the bare Kestrel run of the same scenario when one was made. <see cref="ConnectWindowSeconds"/> runs from
/// the first connect attempt to the last successful connect (what connects per second are averaged over);
/// null when nothing connected, or in a report written before it was recorded.
/// </summary>
public sealed record RunReport(
    string Scenario, string Target, DateTimeOffset StartedAt, double DurationSeconds,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyDictionary<string, LatencyReport> Latencies,
    IReadOnlyList<TimelinePoint> Timeline,
    RunReport? Baseline,
    double? ConnectWindowSeconds = null,
    IReadOnlyDictionary<string, ClosedLoopResult>? Loops = null,
    OpenLoopResult? OpenLoop = null)
{
    public long Counter(string name) => Counters.TryGetValue(name, out var v) ? v : 0;

    /// <summary>Counters under a prefix, keyed by what follows it (e.g. disconnects by close code).</summary>
    public IReadOnlyDictionary<string, long> CountersUnder(string prefix) =>
        Counters.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}

/// <summary>A latency distribution in milliseconds, with its percentile curve for plots.</summary>
public sealed record LatencyReport(
    long Count, double P50Ms, double P90Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs,
    IReadOnlyList<PercentilePoint> Curve)
{
    public static LatencyReport Of(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0) return new LatencyReport(0, 0, 0, 0, 0, 0, 0, []);
        static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
        var curve = new[] { 0.0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100 }
            .Select(p => new PercentilePoint(p, Ms(histogram.GetValueAtPercentile(p)))).ToArray();
        return new LatencyReport(histogram.TotalCount,
            Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(90)), Ms(histogram.GetValueAtPercentile(95)),
            Ms(histogram.GetValueAtPercentile(99)), Ms(histogram.GetMaxValue()), Math.Round(histogram.GetMean() / 1000.0, 3), curve);
    }
}

public sealed record PercentilePoint(double Percentile, double ValueMs);

/// <summary>One second of the run: clients connected and running totals.</summary>
public sealed record TimelinePoint(double Seconds, long Connected, long FramesSent, long FramesReceived, long Errors, long ConnectsOk);
