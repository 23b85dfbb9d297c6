using ActorSubs.Cluster.Hosting;

namespace ActorSubs.Cluster.Accounts;

/// <summary>Tuning of the persistent entities, bound from <c>ActorSubs:Entities</c>.</summary>
public sealed record EntitySettings
{
    public const string Section = "ActorSubs:Entities";

    /// <summary>
    /// A snapshot is written at the end of each write that crosses a multiple of this many events, so recovery
    /// replays about this many (at most this many plus the size of one write).
    /// </summary>
    public int SnapshotEvery { get; init; } = 100;

    /// <summary>How long an account waits for the licence registry before answering "unavailable".</summary>
    public TimeSpan LicenceClaimTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Fixed for the life of a cluster: about ten per node expected at the largest.</summary>
    public int NumberOfShards { get; init; } = 100;

    /// <summary>
    /// An account with no messages and no live sessions for this long is stopped (passivated) and recovers on its next
    /// message; what falls due meanwhile is fired by the durable wake-up index.
    /// </summary>
    public TimeSpan PassivateIdleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Writes that time starts (timers, wake-ups, catch-up) under way at once on a node; more wait for a permit, after
    /// their push. Keep it well below <c>ActorSubs:Persistence:JournalWriteQueue</c>, so a burst of instants cannot fill
    /// the journal's queue and make it refuse writes.
    /// </summary>
    public int TimelineWritesInFlight { get; init; } = 1_000;

    /// <summary>
    /// How long before a due instant an account's scheduler timer ends and a clock timer takes over, because Akka's
    /// scheduler (10 ms ticks) is 4–23 ms late and the clock's timer 1–2 ms (<see cref="InstantTimer"/>). Zero: the
    /// scheduler alone. At most one second.
    /// </summary>
    public TimeSpan PreciseTimerLead { get; init; } = TimeSpan.FromMilliseconds(50);

    public IReadOnlyList<string> Validate() => new OptionErrors(Section)
        .When(SnapshotEvery < 1, nameof(SnapshotEvery), $"must be at least 1 (was {SnapshotEvery}).")
        .Positive(LicenceClaimTimeout, nameof(LicenceClaimTimeout))
        .When(NumberOfShards < 1, nameof(NumberOfShards), $"must be at least 1 (was {NumberOfShards}).")
        .Positive(PassivateIdleAfter, nameof(PassivateIdleAfter))
        .When(TimelineWritesInFlight < 1, nameof(TimelineWritesInFlight), $"must be at least 1 (was {TimelineWritesInFlight}).")
        .When(PreciseTimerLead < TimeSpan.Zero || PreciseTimerLead > TimeSpan.FromSeconds(1), nameof(PreciseTimerLead),
            $"must be between zero and one second (was {PreciseTimerLead}).");
}
