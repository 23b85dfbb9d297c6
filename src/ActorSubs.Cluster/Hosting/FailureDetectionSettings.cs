namespace ActorSubs.Cluster.Hosting;

/// <summary>
/// How fast a crashed node is noticed, downed and its shards started elsewhere, bound from
/// <c>ActorSubs:Cluster:FailureDetection</c>. The defaults add up to a failover well under 15 s after a crash while
/// tolerating a few seconds of pause (GC, CPU starvation); docs/cluster.md has the budget and what a false positive costs.
/// </summary>
public sealed record FailureDetectionSettings
{
    public const string Section = ClusterSettings.Section + ":FailureDetection";

    /// <summary>
    /// How often each node sends a heartbeat to the nodes that monitor it (Akka's default is 1 s): a crash is suspected
    /// about one interval sooner, for a few more small messages a second per monitored node.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Silence tolerated beyond the usual heartbeat interval before a node is suspected (Akka's default, 3 s): the
    /// margin that keeps a GC pause or a starved thread pool from marking a healthy node unreachable.
    /// </summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The split-brain resolver decides only once reachability has not changed for this long (Akka's default is 20 s,
    /// sized for large clusters; on a few nodes gossip rounds of 500 ms spread a change within about a second).
    /// </summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// When reachability keeps changing for <see cref="StableAfter"/> plus this long, every node downs itself rather than
    /// risk two sides deciding differently (down-all-when-unstable, docs/cluster.md). Akka derives 3/4 of stable-after, at least 4 s.
    /// </summary>
    public TimeSpan DownAllWhenUnstable { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// After a node is removed, its shards and singletons start elsewhere only after this margin, so the losing side of
    /// a partition (which downs itself at about the same moment, give or take a heartbeat) has stopped its entities first.
    /// Akka uses stable-after when this is not set. Should both sides briefly run one account, the journal's unique
    /// (persistence id, sequence number) key refuses the second write, so the cost is a failed command, not a forked history.
    /// </summary>
    public TimeSpan DownRemovalMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the cluster's bookkeeping runs: a gossip round, the leader's actions (moving a downed node to removed)
    /// and the reaper that turns a failure detector's verdict into unreachability. Akka's 1 s each suits large clusters;
    /// on a few nodes the extra gossip at 500 ms is a few small messages a second (two paired failover runs: about 1 s faster).
    /// </summary>
    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public IReadOnlyList<string> Validate() => new OptionErrors(Section)
        .Positive(HeartbeatInterval, nameof(HeartbeatInterval))
        .When(AcceptableHeartbeatPause < 2 * HeartbeatInterval, nameof(AcceptableHeartbeatPause),
            $"must be at least twice {nameof(HeartbeatInterval)} (was {AcceptableHeartbeatPause} against " +
            $"{HeartbeatInterval}): one late heartbeat must not down a node.")
        // Zero would mean "off" to Akka, which then falls back to its own defaults: refuse it rather than surprise.
        .Positive(StableAfter, nameof(StableAfter))
        .When(DownAllWhenUnstable <= TimeSpan.Zero, nameof(DownAllWhenUnstable),
            "must be positive (the split-brain resolver needs it on).")
        .When(GossipInterval < TimeSpan.FromMilliseconds(100) || GossipInterval > HeartbeatInterval * 5,
            nameof(GossipInterval), $"must be between 100 ms and five heartbeat intervals (was {GossipInterval}).")
        .When(DownRemovalMargin <= TimeSpan.Zero, nameof(DownRemovalMargin),
            $"must be positive (zero would make Akka use {nameof(StableAfter)}).");
}
