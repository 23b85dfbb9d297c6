using ActorSubs.Cluster.Accounts;

namespace ActorSubs.Cluster.Wakeups;

public interface IWithBucketId
{
    string BucketId { get; }
}

/// <summary>An account and the instant it is next due.</summary>
public sealed record WakeupEntry(string AccountId, DateTimeOffset DueAt);

/// <summary>
/// Akka.NET has no durable reminders, so they are built here. An account writes each change of its next due instant
/// as a tagged event in the same batch as the change (<c>WakeupScheduled</c>); the <see cref="WakeupFeed"/> reads
/// those from the journal and files them into persistent buckets per time span; the <see cref="WakeupClock"/> loads
/// the buckets of each span shortly before it starts, and each bucket wakes its accounts at their instants until they
/// acknowledge. Delivery is at least once; a stale or repeated wake-up is harmless because the account re-checks its
/// own state when woken.
/// </summary>
public static class WakeupProtocol
{
    /// <summary>Feed → bucket: file these entries, drop these stale ones (only where the instant still matches).</summary>
    public sealed record Register(string BucketId, WakeupEntry[] Add, WakeupEntry[] Remove) : IWithBucketId;

    public sealed record Registered(string BucketId);

    /// <summary>Clock → bucket: your span is near (or overdue): wake your accounts, and tell me once you are empty.</summary>
    public sealed record Activate(string BucketId) : IWithBucketId;

    /// <summary>Bucket → clock: nothing left to wake.</summary>
    public sealed record Drained(string BucketId);

    /// <summary>Bucket → clock, before a bucket that was empty acknowledges a registration: keep my span until I drain.</summary>
    public sealed record BucketFilled(string BucketId);

    public sealed record BucketFillNoted(string BucketId);

    /// <summary>Bucket → account: something of yours is due now.</summary>
    public sealed record Wake(string AccountId, string BucketId, DateTimeOffset DueAt) : IWithAccountId;

    public sealed record WakeAcknowledged(string BucketId, string AccountId, DateTimeOffset DueAt) : IWithBucketId;

    /// <summary>
    /// Bucket → account, <see cref="WakeupOptions.WarmUpLead"/> before <paramref name="DueAt"/>: be in memory by then, so
    /// your own timer fires at the instant instead of a recovery after it. Not a delivery: the <see cref="Wake"/> still
    /// comes at the instant, and only its acknowledgement removes the entry.
    /// </summary>
    public sealed record WarmUp(string AccountId, string BucketId, DateTimeOffset DueAt) : IWithAccountId;

    /// <summary>Account → bucket: recovered, timer armed (or no such account).</summary>
    public sealed record WarmedUp(string BucketId, string AccountId) : IWithBucketId;
}

/// <summary>Persisted by a bucket.</summary>
public sealed record WakeupsFiled(WakeupEntry[] Added, WakeupEntry[] Removed);

public sealed record WakeupsDelivered(WakeupEntry[] Entries);

/// <summary>Persisted by the clock: spans whose buckets hold (or held) entries, and spans fully delivered.</summary>
public sealed record WakeupSpanFilled(DateTimeOffset Span);

public sealed record WakeupSpanDrained(DateTimeOffset Span);

public sealed record WakeupClockSnapshot(DateTimeOffset[] Spans);

/// <summary>Persisted by the feed: every tagged event up to this journal offset has been filed.</summary>
public sealed record WakeupFeedAdvanced(long Offset);

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
