using HdrHistogram;

namespace ActorSubs.LoadTest.Measurement;

/// <summary>
/// Latencies in microseconds on an HdrHistogram (1 µs to 5 min, 3 significant digits). Thread-safe:
/// one short lock per value, negligible beside a network round trip.
/// </summary>
public sealed class LatencyRecorder
{
    public const long HighestTrackableMicros = 5L * 60 * 1_000_000;

    private readonly LongHistogram _histogram = new(1, HighestTrackableMicros, 3);
    private readonly object _gate = new();

    public void Record(TimeSpan elapsed)
    {
        var micros = Math.Clamp((long)Math.Round(elapsed.TotalMicroseconds), 1, HighestTrackableMicros);
        lock (_gate) _histogram.RecordValue(micros);
    }

    public LatencySummary Summarize()
    {
        lock (_gate)
        {
            if (_histogram.TotalCount == 0) return LatencySummary.Empty;
            return new LatencySummary(
                _histogram.TotalCount,
                Ms(_histogram.GetValueAtPercentile(50)),
                Ms(_histogram.GetValueAtPercentile(90)),
                Ms(_histogram.GetValueAtPercentile(99)),
                Ms(_histogram.GetMaxValue()),
                Math.Round(_histogram.GetMean() / 1000.0, 3));
        }
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}

/// <summary>Percentiles in milliseconds; <see cref="Count"/> 0 means nothing was recorded.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
