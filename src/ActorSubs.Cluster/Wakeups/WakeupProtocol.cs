using ActorSubs.Cluster.Accounts;

namespace ActorSubs.Cluster.Wakeups;

public interface IWithBucketId
{
    string BucketId { get; }
}

/// <summary>
/// Akka.NET has no durable reminders, so accounts that sleep register their next due instant here: a
/// persistent bucket per time span remembers it and wakes the account at that instant, even after a restart.
/// Delivery is at least once; a stale or repeated wake-up is harmless because the account re-checks its own
/// state when woken.
/// </summary>
public static class WakeupProtocol
{
    public sealed record Register(string BucketId, string AccountId, DateTimeOffset DueAt) : IWithBucketId;

    public sealed record Registered(string AccountId, DateTimeOffset DueAt);

    /// <summary>The clock: this bucket's span is about to start, arm your timers.</summary>
    public sealed record Activate(string BucketId) : IWithBucketId;

    /// <summary>Bucket → account: something of yours is due now.</summary>
    public sealed record Wake(string AccountId, string BucketId, DateTimeOffset DueAt) : IWithAccountId;

    public sealed record WakeAcknowledged(string BucketId, string AccountId, DateTimeOffset DueAt) : IWithBucketId;
}

/// <summary>Persisted by a bucket.</summary>
public sealed record WakeupRegistered(string AccountId, DateTimeOffset DueAt);

public sealed record WakeupDelivered(string AccountId, DateTimeOffset DueAt);

/// <summary>Persisted by the clock: every bucket span up to this one's start has been activated.</summary>
public sealed record WakeupClockAdvanced(DateTimeOffset ActivatedUpTo);

/// <summary>Bucket ids: <c>{span start as yyyyMMddHHmmss}-{sub-bucket}</c>.</summary>
public static class WakeupBuckets
{
    public static DateTimeOffset SpanStart(DateTimeOffset at, WakeupOptions o) =>
        new(at.UtcTicks - at.UtcTicks % o.BucketSize.Ticks, TimeSpan.Zero);

    public static string For(string accountId, DateTimeOffset dueAt, WakeupOptions o) =>
        Id(SpanStart(dueAt, o), SubBucket(accountId, o));

    public static IEnumerable<string> AllOf(DateTimeOffset spanStart, WakeupOptions o) =>
        Enumerable.Range(0, o.SubBuckets).Select(i => Id(spanStart, i));

    public static DateTimeOffset SpanOf(string bucketId) =>
        DateTimeOffset.ParseExact(bucketId[..14], "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal);

    private static string Id(DateTimeOffset spanStart, int sub) =>
        $"{spanStart.UtcDateTime:yyyyMMddHHmmss}-{sub}";

    /// <summary>A stable hash (string.GetHashCode is randomised per process, so it cannot be used here).</summary>
    private static int SubBucket(string accountId, WakeupOptions o)
    {
        var hash = 2166136261u;
        foreach (var c in accountId) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)o.SubBuckets);
    }
}
