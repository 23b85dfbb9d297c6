using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Stores.ParkedProtocol;

namespace ActorSubs.Cluster.Stores;

/// <summary>
/// The parked store notifications of the whole cluster (one sharded entity, <see cref="ParkedProtocol.EntityId"/>): the
/// newest <see cref="ParkedProtocol.Kept"/> and a running total. Parking is rare (a notification no account can be found
/// for), so one entity is enough; a snapshot every <see cref="SnapshotEvery"/> parks bounds its recovery, and the events
/// before it are deleted.
/// </summary>
public sealed class ParkedNotificationsEntity : ReceivePersistentActor
{
    public const int SnapshotEvery = 100;

    private readonly LinkedList<ParkedNotification> _kept = new();
    private long _total;

    public ParkedNotificationsEntity()
    {
        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (ParkedSnapshot)offer.Snapshot;
            _total = snapshot.Total;
            foreach (var n in snapshot.Kept) _kept.AddLast(n);
        });
        Recover<NotificationParked>(parked => Add(parked.Notification));
        Command<Park>(Handle);
        Command<GetParked>(_ => Sender.Tell(new ParkedList(_total, _kept.Reverse().ToArray())));
        Command<SaveSnapshotSuccess>(ok => DeleteMessages(ok.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed => Log.Warning(failed.Cause, "Parked store notifications: snapshot failed"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => Log.Warning(failed.Cause, "Parked store notifications: could not trim the journal"));
    }

    public override string PersistenceId => "store-parked";

    private void Handle(Park park)
    {
        var n = park.Notification;
        if (_kept.Any(k => k.Store == n.Store && k.NotificationId == n.NotificationId))
        {
            Sender.Tell(new ParkStored(Added: false));
            return;
        }
        var replyTo = Sender;
        Persist(new NotificationParked(n), parked =>
        {
            Add(parked.Notification);
            replyTo.Tell(new ParkStored(Added: true));
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new ParkedSnapshot(_total, _kept.ToArray()));
        });
    }

    private void Add(ParkedNotification n)
    {
        _total++;
        _kept.AddLast(n);
        while (_kept.Count > Kept) _kept.RemoveFirst();
    }
}
