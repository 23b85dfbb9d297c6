using ActorSubs.Cluster.Licences;
using ActorSubs.Cluster.Security;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Accounts.AccountProtocol;

namespace ActorSubs.Cluster.Accounts;

/// <summary>
/// One customer account: a sharded persistent actor. It decides with <see cref="AccountDecider"/>, writes
/// the events, applies them and replies only after the write, so an answer always describes stored state.
/// </summary>
public sealed class AccountEntity : ReceivePersistentActor, IWithTimers
{
    private readonly SubscriptionOptions _rules;
    private readonly EntitySettings _settings;
    private readonly TimeProvider _clock;
    private readonly IActorRef _licences;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AccountState? _state;

    public AccountEntity(string accountId, SubscriptionOptions rules, EntitySettings settings, TimeProvider clock, IActorRef licences)
    {
        AccountId = new AccountId(accountId);
        _rules = rules;
        _settings = settings;
        _clock = clock;
        _licences = licences;

        Recover<SnapshotOffer>(offer => _state = (AccountState)offer.Snapshot);
        Recover<IAccountEvent>(Fold);
        Ready();
    }

    public AccountId AccountId { get; }

    public override string PersistenceId => "account-" + AccountId.Value;

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _clock.GetUtcNow();

    private void Ready()
    {
        Command<Get>(get =>
        {
            if (Authorize(get.Caller) is { } refusal) Sender.Tell(refusal);
            else Sender.Tell(new Accepted(AccountView.Of(_state!, Now, _rules)));
        });
        Command<Execute>(Handle);
        Command<SaveSnapshotSuccess>(ok =>
            DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failed =>
            _log.Warning(failed.Cause, "Snapshot of {0} failed; recovery replays more events until the next one", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed =>
            _log.Warning(failed.Cause, "Old snapshots of {0} were not deleted", PersistenceId));
    }

    private void Handle(Execute execute)
    {
        if (execute.Command is AccountCommands.CreateAccount create && create.AccountId != AccountId)
        {
            Sender.Tell(new Rejected(Rejection.Invalid("accountId", "The account id of the sign-up does not match its entity.")));
            return;
        }
        if (execute.Command is not AccountCommands.CreateAccount && Authorize(execute.Caller) is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        var decision = AccountDecider.Decide(_state, execute.Command, Now, _rules);
        if (decision.Rejection is { } rejection)
        {
            Sender.Tell(new Rejected(rejection));
            PassivateIfEmpty();
            return;
        }

        if (execute.Command is AccountCommands.RegisterLicence licence && decision.Events.Count > 0)
        {
            ClaimLicence(licence, execute, Sender);
            return;
        }

        PersistAndReply(decision.Events, Sender);
    }

    /// <summary>R7: the registry entity of the key must grant it before the account records it.</summary>
    private void ClaimLicence(AccountCommands.RegisterLicence licence, Execute execute, IActorRef replyTo)
    {
        _licences.Tell(new LicenceProtocol.Claim(licence.Key.Value, AccountId.Value));
        Timers.StartSingleTimer(ClaimTimeout.Instance, ClaimTimeout.Instance, _settings.LicenceClaimTimeout);
        BecomeStacked(() =>
        {
            Command<LicenceProtocol.Granted>(granted => granted.Key == licence.Key.Value, _ =>
            {
                EndClaim();
                // Decide again: time has passed, and the state is unchanged because everything else was stashed.
                var decision = AccountDecider.Decide(_state, execute.Command, Now, _rules);
                if (decision.Rejection is { } late) replyTo.Tell(new Rejected(late));
                else PersistAndReply(decision.Events, replyTo);
            });
            Command<LicenceProtocol.Refused>(refused => refused.Key == licence.Key.Value, _ =>
            {
                EndClaim();
                replyTo.Tell(new Rejected(Rejection.Conflict(RejectionCodes.LicenceAlreadyRegistered,
                    "This licence key is already registered by another account.")));
            });
            Command<ClaimTimeout>(_ =>
            {
                EndClaim();
                _log.Warning("Licence registry did not answer for {0} within {1}", PersistenceId, _settings.LicenceClaimTimeout);
                replyTo.Tell(new Rejected(new Rejection(RejectionCodes.Unavailable,
                    "The licence registry did not answer in time; try again.", RejectionKind.Unavailable, [])));
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void EndClaim()
    {
        Timers.Cancel(ClaimTimeout.Instance);
        UnbecomeStacked();
        Stash.UnstashAll();
    }

    private void PersistAndReply(IReadOnlyList<IAccountEvent> events, IActorRef replyTo)
    {
        if (events.Count == 0)
        {
            replyTo.Tell(new Accepted(AccountView.Of(_state!, Now, _rules)));
            return;
        }

        var remaining = events.Count;
        PersistAll(events, e =>
        {
            Fold(e);
            if (--remaining > 0) return;
            replyTo.Tell(new Accepted(AccountView.Of(_state!, Now, _rules)));
            if (LastSequenceNr / _settings.SnapshotEvery > (LastSequenceNr - events.Count) / _settings.SnapshotEvery)
                SaveSnapshot(_state);
        });
    }

    private void Fold(IAccountEvent e) =>
        _state = e is AccountEvents.AccountCreated created ? AccountState.Create(created) : _state!.Apply(e);

    private Rejected? Authorize(Caller caller)
    {
        if (_state is null)
        {
            PassivateIfEmpty();
            return new Rejected(Rejection.NotFound(RejectionCodes.AccountNotFound, $"No account '{AccountId}'."));
        }
        if (caller.IsOperator || Secrets.HashesEqual(caller.ApiKeyHash, _state.ApiKeyHash)) return null;
        return new Rejected(new Rejection(RejectionCodes.InvalidApiKey,
            "The API key does not belong to this account.", RejectionKind.Forbidden, []));
    }

    /// <summary>A lookup of an account that does not exist should not keep an empty actor alive.</summary>
    private void PassivateIfEmpty()
    {
        if (_state is null) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Journal rejected event {0} of {1} (seq {2}); the command is not applied", @event.GetType().Name, PersistenceId, sequenceNr);
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private sealed class ClaimTimeout
    {
        public static readonly ClaimTimeout Instance = new();
    }
}
