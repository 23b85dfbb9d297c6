using System.Collections.Immutable;
using ActorSubs.Cluster.Hosting;
using Akka.Actor;
using Akka.Cluster;

namespace ActorSubs.Cluster.Operations;

/// <summary>
/// Remembers when this node saw each member become Up. Akka's <see cref="Member"/> carries no timestamp, and a member
/// never says when it joined, so this is the truthful substitute: for a member that turned Up while this node was in the
/// cluster, the moment this node learnt it (a gossip round after the leader decided); for members already Up when this
/// node joined, the moment this node joined. Keyed by unique address, so a node restarted on the same address is new.
/// </summary>
public sealed class MemberUpTimes : ReceiveActor
{
    private ImmutableDictionary<UniqueAddress, DateTimeOffset> _upSince = ImmutableDictionary<UniqueAddress, DateTimeOffset>.Empty;

    public MemberUpTimes(TimeProvider clock)
    {
        Receive<ClusterEvent.MemberUp>(up => _upSince = _upSince.SetItem(up.Member.UniqueAddress, clock.GetUtcNow()));
        Receive<ClusterEvent.MemberRemoved>(removed => _upSince = _upSince.Remove(removed.Member.UniqueAddress));
        Receive<Get>(_ => Sender.Tell(_upSince));
    }

    public static Props Props(TimeProvider clock) => ActorProps.Of(() => new MemberUpTimes(clock));

    protected override void PreStart() =>
        // Members already Up arrive as MemberUp events too, stamped with the time of this subscription.
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    /// <summary>Answered with an <c>ImmutableDictionary&lt;UniqueAddress, DateTimeOffset&gt;</c>; asked on this node only.</summary>
    public sealed class Get
    {
        public static readonly Get Instance = new();
    }
}
