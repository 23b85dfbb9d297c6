using System.Diagnostics.Metrics;

namespace ActorSubs.Cluster.Accounts;

/// <summary>
/// What an operator watches of the accounts on this node (System.Diagnostics.Metrics; the node exports them on
/// <c>/metrics</c>): how many are in memory, and how late their due work took effect.
/// </summary>
public static class AccountMetrics
{
    public const string MeterName = "ActorSubs.Accounts";

    private static readonly Meter Meter = new(MeterName);
    private static long _live;

    private static readonly Histogram<double> Lateness = Meter.CreateHistogram<double>(
        "actorsubs.due.lateness", "s",
        "From the instant a reminder or expiry was due to the moment its account raised it, by what woke the account.",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
        });

    static AccountMetrics()
    {
        Meter.CreateObservableGauge("actorsubs.accounts.live", () => Interlocked.Read(ref _live), "{account}",
            "Account entities in memory on this node (the rest are passivated: in the journal only).");
    }

    public static void Started() => Interlocked.Increment(ref _live);

    public static void Stopped() => Interlocked.Decrement(ref _live);

    /// <summary><paramref name="wokenBy"/>: <c>timer</c> (in memory), <c>wakeup</c> (the durable index) or <c>recovery</c>.</summary>
    public static void DueRaised(TimeSpan late, string wokenBy) =>
        Lateness.Record(Math.Max(0, late.TotalSeconds), new KeyValuePair<string, object?>("woken_by", wokenBy));
}
