using System.Collections.Concurrent;
using ActorSubs.Cluster.Accounts;
using Prometheus;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>The wake-up index as an operator sees it on <c>/metrics</c>.</summary>
public static class WakeupMetrics
{
    private static readonly ConcurrentDictionary<string, (int Pending, int Overdue)> Buckets = new(StringComparer.Ordinal);

    private static readonly Histogram Lateness = Metrics.CreateHistogram("actorsubs_wakeup_lateness_seconds",
        "From an entry's due instant to the first wake-up a bucket sent for it.",
        new HistogramConfiguration { Buckets = AccountMetrics.LatenessBuckets });

    private static readonly Counter Sent = Metrics.CreateCounter("actorsubs_wakeups_sent_total", "Wake-ups sent to accounts, retries included.");

    private static readonly Counter WarmUps = Metrics.CreateCounter("actorsubs_wakeups_warmups_sent_total",
        "Accounts started ahead of their instant (WarmUpLead), so their own timer fires them on time.");

    private static readonly Gauge Pending = Metrics.CreateGauge("actorsubs_wakeups_pending",
        "Wake-ups held by the buckets loaded on this node (spans that are near, current or overdue).");

    private static readonly Gauge Backlog = Metrics.CreateGauge("actorsubs_wakeups_catchup_backlog",
        "Wake-ups already due and not yet acknowledged, on this node's buckets.");

    private static readonly Gauge OverdueSpanCount = Metrics.CreateGauge("actorsubs_wakeups_catchup_spans",
        "Spans wholly in the past that the clock has still to deliver (after an outage).");

    /// <summary>Creates the series at start-up, so an operator sees zeros rather than nothing before the first bucket loads.</summary>
    public static void Publish() => OverdueSpanCount.Set(0);

    public static void BucketState(string bucketId, int pending, int overdue)
    {
        Buckets[bucketId] = (pending, overdue);
        Sum();
    }

    public static void BucketStopped(string bucketId)
    {
        Buckets.TryRemove(bucketId, out _);
        Sum();
    }

    /// <summary>The gauges and the lateness histogram's mean, for <c>GET /api/admin/wakeups</c>.</summary>
    public static WakeupFigures Figures()
    {
        var measured = Lateness.Count;
        return new WakeupFigures((long)Pending.Value, (long)Backlog.Value, (long)OverdueSpanCount.Value, measured,
            measured == 0 ? null : Lateness.Sum / measured);
    }

    public static void OverdueSpans(int count) => OverdueSpanCount.Set(count);

    public static void WakeSent(TimeSpan late, bool first)
    {
        Sent.Inc();
        if (first) Lateness.Observe(Math.Max(0, late.TotalSeconds));
    }

    public static void WarmUpSent() => WarmUps.Inc();

    private static void Sum()
    {
        Pending.Set(Buckets.Values.Sum(b => b.Pending));
        Backlog.Set(Buckets.Values.Sum(b => b.Overdue));
    }
}
