using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Stores.StoreLinkProtocol;

namespace ActorSubs.Cluster.Stores;

/// <summary>
/// One store link key, sharded by its <see cref="StoreLinkKey.EntityId"/>: every link and lookup of a key, from any node,
/// lands on this single actor, so two notifications racing to link one subscription to two accounts are ordered and the
/// first wins. One event per key, ever; the shard passivates the entity when it is idle.
/// </summary>
public sealed class StoreLinkEntity : ReceivePersistentActor
{
    private readonly TimeProvider _clock;
    private string? _account;

    public StoreLinkEntity(string linkId, TimeProvider clock)
    {
        PersistenceId = "store-link-" + linkId;
        _clock = clock;
        Recover<StoreLinked>(linked => _account = linked.AccountId);
        Command<Link>(Handle);
        Command<Resolve>(resolve => Sender.Tell(new Resolved(resolve.Key, _account)));
    }

    public override string PersistenceId { get; }

    private void Handle(Link link)
    {
        if (_account == link.AccountId)
        {
            Sender.Tell(new Linked(link.Key, _account));
            return;
        }
        if (_account is not null)
        {
            // The key itself is logged (a store subscription id, not a secret); the owner is not.
            Log.Warning("Store link {0} to account {1} refused: already linked to another account", link.Key, link.AccountId);
            Sender.Tell(new LinkRefused(link.Key));
            return;
        }
        var replyTo = Sender;
        Persist(new StoreLinked(link.Key, link.AccountId, _clock.GetUtcNow()), linked =>
        {
            _account = linked.AccountId;
            replyTo.Tell(new Linked(linked.Key, linked.AccountId));
        });
    }
}
