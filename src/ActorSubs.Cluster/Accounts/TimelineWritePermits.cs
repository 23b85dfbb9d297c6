using Akka.Actor;
using Prometheus;

namespace ActorSubs.Cluster.Accounts;

/// <summary>
/// A node-wide bound on the writes that time itself starts (an account's timer, a wake-up, the catch-up of a
/// recovery). Commands are bounded by the clients that send them; the instants are not: when a burst of them comes
/// faster than the journal writes, the journal's queue fills and it refuses writes, and its refusals open its
/// circuit breaker, which then fails every write of the node, commands included. Here the excess waits in order
/// instead, and the journal's queue keeps room for everything else.
/// </summary>
/// <remarks>
/// A plain class under a lock rather than an actor: taking a permit is on every timer write, and a free one is
/// answered at once with no message. An account that had to wait is told <see cref="Granted"/>. An account that
/// stops while it waits or holds one gives it back from <c>PostStop</c> (<see cref="Abandon"/>), so a crashed or
/// failed write never keeps a permit.
/// </remarks>
public sealed class TimelineWritePermits(int limit)
{
    private static readonly Gauge WaitingGauge = Metrics.CreateGauge("actorsubs_timeline_writes_waiting",
        "Accounts whose due work was pushed and waits for a write permit (ActorSubs:Entities:TimelineWritesInFlight): " +
        "above zero, the instants come faster than the journal writes.");

    private readonly int _limit = limit >= 1 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "At least one write.");
    private readonly object _lock = new();
    private readonly HashSet<IActorRef> _holders = [];
    private readonly LinkedList<IActorRef> _queue = new();
    private readonly Dictionary<IActorRef, LinkedListNode<IActorRef>> _queued = [];

    /// <summary>Creates the series at start-up, so an operator sees a zero rather than nothing.</summary>
    public static void Publish() => WaitingGauge.Inc(0);

    /// <summary>True: write now. False: queued; <see cref="Granted"/> comes when a permit is returned.</summary>
    public bool TryTake(IActorRef account)
    {
        lock (_lock)
        {
            if (_holders.Contains(account)) return true; // one write at a time per account: it already has one
            if (_queued.ContainsKey(account)) return false;
            if (_holders.Count < _limit && _queue.Count == 0)
            {
                _holders.Add(account);
                return true;
            }
            _queued[account] = _queue.AddLast(account);
        }
        WaitingGauge.Inc();
        return false;
    }

    /// <summary>The write is done (stored, refused or failed): the permit goes to the account that waited longest.</summary>
    public void Return(IActorRef account)
    {
        IActorRef? next;
        lock (_lock)
        {
            if (!_holders.Remove(account)) return;
            next = GrantNext();
        }
        Grant(next);
    }

    /// <summary>The account stopped: out of the queue, or its permit back.</summary>
    public void Abandon(IActorRef account)
    {
        IActorRef? next = null;
        var dequeued = false;
        lock (_lock)
        {
            if (_queued.Remove(account, out var node))
            {
                _queue.Remove(node);
                dequeued = true;
            }
            else if (_holders.Remove(account)) next = GrantNext();
        }
        if (dequeued) WaitingGauge.Dec();
        Grant(next);
    }

    private IActorRef? GrantNext()
    {
        if (_queue.First is not { } first) return null;
        _queue.RemoveFirst();
        _queued.Remove(first.Value);
        _holders.Add(first.Value);
        return first.Value;
    }

    private static void Grant(IActorRef? next)
    {
        if (next is null) return;
        WaitingGauge.Dec();
        // Outside the lock. If the account stops before it reads this, its PostStop returns the permit.
        next.Tell(Granted.Instance, ActorRefs.NoSender);
    }

    /// <summary>Sent to an account that waited: it may write now.</summary>
    public sealed class Granted
    {
        public static readonly Granted Instance = new();

        private Granted() { }
    }
}
