using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>The wake-up index as an operator sees it on <c>/metrics</c> (System.Diagnostics.Metrics, exported by the node).</summary>
public static class WakeupMetrics
{
    public const string MeterName = "ActorSubs.Wakeups";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, (int Pending, int Overdue)> Buckets = new(StringComparer.Ordinal);
    private static int _overdueSpans;

    private static readonly Histogram<double> Lateness = Meter.CreateHistogram<double>(
        "actorsubs.wakeup.lateness", "s", "From an entry's due instant to the first wake-up sent for it.",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
        });

    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("actorsubs.wakeups.sent", "{wakeup}",
        "Wake-ups sent to accounts, retries included.");

    static WakeupMetrics()
    {
        Meter.CreateObservableGauge("actorsubs.wakeups.pending", () => Buckets.Values.Sum(b => (long)b.Pending), "{wakeup}",
            "Wake-ups held by the buckets loaded on this node (spans that are near, current or overdue).");
        Meter.CreateObservableGauge("actorsubs.wakeups.catchup.backlog", () => Buckets.Values.Sum(b => (long)b.Overdue), "{wakeup}",
            "Wake-ups already due and not yet acknowledged, on this node's buckets.");
        Meter.CreateObservableGauge("actorsubs.wakeups.catchup.spans", () => Volatile.Read(ref _overdueSpans), "{span}",
            "Spans wholly in the past that the clock has still to deliver (after an outage).");
    }

    public static void BucketState(string bucketId, int pending, int overdue) => Buckets[bucketId] = (pending, overdue);

    public static void BucketStopped(string bucketId) => Buckets.TryRemove(bucketId, out _);

    public static void OverdueSpans(int count) => Volatile.Write(ref _overdueSpans, count);

    public static void WakeSent(TimeSpan late, bool first)
    {
        Sent.Add(1);
        if (first) Lateness.Record(Math.Max(0, late.TotalSeconds));
    }
}
