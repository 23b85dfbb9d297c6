using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Licences.LicenceProtocol;

namespace ActorSubs.Cluster.Licences;

/// <summary>
/// One licence key, sharded by the key: every claim for a key, from any node, lands on this single actor,
/// so two accounts racing for one key are ordered and exactly one wins (R7 in docs/rules.md).
/// </summary>
public sealed class LicenceRegistryEntity : ReceivePersistentActor
{
    private readonly TimeProvider _clock;
    private string? _owner;

    public LicenceRegistryEntity(string key, TimeProvider clock)
    {
        Key = key;
        _clock = clock;
        Recover<LicenceClaimed>(claimed => _owner = claimed.AccountId);
        Command<Claim>(Handle);
    }

    public string Key { get; }

    public override string PersistenceId => "licence-" + Key;

    private void Handle(Claim claim)
    {
        if (_owner == claim.AccountId)
        {
            Sender.Tell(new Granted(Key));
            return;
        }
        if (_owner is not null)
        {
            Log.Info("Licence key claim by {0} refused: already owned", claim.AccountId);
            Sender.Tell(new Refused(Key));
            return;
        }
        var replyTo = Sender;
        Persist(new LicenceClaimed(Key, claim.AccountId, _clock.GetUtcNow()), claimed =>
        {
            _owner = claimed.AccountId;
            replyTo.Tell(new Granted(Key));
        });
    }
}
