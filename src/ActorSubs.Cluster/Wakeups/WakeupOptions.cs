using ActorSubs.Cluster.Hosting;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>The durable wake-up index, bound from <c>ActorSubs:Wakeups</c>.</summary>
public sealed record WakeupOptions
{
    public const string Section = "ActorSubs:Wakeups";

    /// <summary>Time span one bucket covers. Entries inside it still fire at their exact instant.</summary>
    public TimeSpan BucketSize { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Buckets per time span, split by account hash, so a million expiries at midnight do not land on one actor.</summary>
    public int SubBuckets { get; init; } = 16;

    /// <summary>How long before its span starts the clock wakes a bucket, so it is loaded and armed in time.</summary>
    public TimeSpan ActivationLead { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the clock looks at the time (and asks again after buckets that have not reported).</summary>
    public TimeSpan ClockTick { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A wake-up is sent again at this interval until the account acknowledges it.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Wake-ups one bucket has sent and not yet seen acknowledged. Each wakes an account (a recovery and a write), so
    /// this bounds how hard a bucket that is catching up after an outage presses on the journal.
    /// </summary>
    public int MaxWakesInFlight { get; init; } = 32;

    /// <summary>
    /// How long before an entry's instant its bucket starts the account if it is asleep (at most
    /// <see cref="MaxWakesInFlight"/> starts per bucket at once); an account whose next instant is this close does not
    /// passivate. Its own timer then fires at the instant: the recovery, the slow part of waking a sleeping account,
    /// is done ahead of time and a burst of instants is not late by the journal's recovery rate. Zero: accounts are
    /// started at the instant. At most <see cref="ActivationLead"/>, since a bucket is loaded only that early.
    /// </summary>
    public TimeSpan WarmUpLead { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the feed looks for newly scheduled wake-ups once it has read everything.</summary>
    public TimeSpan FeedPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// PostgreSQL only: the feed reads only up to the highest journal row it saw at least this long ago, because a write
    /// can commit after a later-numbered one, and a row that appeared behind the feed's position would never be read
    /// (default 10 s; a transaction still uncommitted that long after it numbered its rows would be missed by the feed,
    /// though its account still fires it while in memory and on its next recovery). SQLite has one writer and numbers
    /// rows in commit order: no wait.
    /// </summary>
    public TimeSpan FeedGapTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The feed reads and files at most this many scheduled wake-ups in one round (one indexed query, one write per
    /// bucket touched); while a round comes back full it reads on at once, so a backlog drains at full speed.
    /// </summary>
    public int FeedBatchSize { get; init; } = 5000;

    /// <summary>How long a bucket collects acknowledgements before writing them down together.</summary>
    public TimeSpan DeliveryFlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public IReadOnlyList<string> Validate() => new OptionErrors(Section)
        .When(BucketSize < TimeSpan.FromSeconds(1), nameof(BucketSize), "must be at least one second.")
        .When(SubBuckets is < 1 or > 1024, nameof(SubBuckets), "must be between 1 and 1024.")
        .When(ActivationLead < TimeSpan.Zero, nameof(ActivationLead), "must not be negative.")
        .When(WarmUpLead < TimeSpan.Zero || WarmUpLead > ActivationLead, nameof(WarmUpLead),
            $"must be between zero and {nameof(ActivationLead)} (was {WarmUpLead}; a bucket is loaded only {ActivationLead} ahead).")
        .Positive(ClockTick, nameof(ClockTick))
        .Positive(RetryInterval, nameof(RetryInterval))
        .When(MaxWakesInFlight < 1, nameof(MaxWakesInFlight), "must be at least 1.")
        .Positive(FeedPollInterval, nameof(FeedPollInterval))
        .When(FeedGapTimeout < TimeSpan.Zero, nameof(FeedGapTimeout), "must not be negative.")
        .When(FeedBatchSize < 1, nameof(FeedBatchSize), "must be at least 1.")
        .Positive(DeliveryFlushInterval, nameof(DeliveryFlushInterval));
}
