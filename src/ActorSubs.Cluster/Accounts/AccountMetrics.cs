using Prometheus;

namespace ActorSubs.Cluster.Accounts;

/// <summary>What an operator watches of the accounts on this node (<c>/metrics</c>): how many are in memory, and how late their due work took effect.</summary>
public static class AccountMetrics
{
    /// <summary>Fine below half a second, where the real-time targets are, coarse above.</summary>
    public static readonly double[] LatenessBuckets =
        [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 10, 30, 60, 300, 3600];

    private static readonly Gauge Live = Metrics.CreateGauge("actorsubs_accounts_live",
        "Account entities in memory on this node (the rest are passivated: in the journal only).");

    private static readonly Histogram Lateness = Metrics.CreateHistogram("actorsubs_due_lateness_seconds",
        "From the instant a reminder or expiry was due to the moment its account raised it, by what woke the account " +
        "(timer: its own timer, in memory; recovery: it was asleep and started, normally by the wake-up index; wakeup: a " +
        "wake-up reached it in memory before its timer).",
        new HistogramConfiguration { LabelNames = ["woken_by"], Buckets = LatenessBuckets });

    /// <summary>Creates the series at start-up, so an operator sees zeros rather than nothing before the first account.</summary>
    public static void Publish() => Live.Inc(0);

    public static void Started() => Live.Inc();

    public static void Stopped() => Live.Dec();

    public static void DueRaised(TimeSpan late, string wokenBy) => Lateness.WithLabels(wokenBy).Observe(Math.Max(0, late.TotalSeconds));
}
