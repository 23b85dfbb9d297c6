using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Security;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Accounts.AccountProtocol;

namespace ActorSubs.Cluster.Accounts;

/// <summary>Everything an account entity needs besides its id; one instance shared by all entities of a node.</summary>
public sealed record AccountEntityDependencies(
    SubscriptionOptions Rules, PromptOptions Prompts, EntitySettings Settings, TimeProvider Clock, IActorRef Licences,
    IPaymentChannels Payments, IActorRef Wakeups, WakeupOptions WakeupOptions);

/// <summary>
/// One customer account: a sharded persistent actor. It decides with <see cref="AccountDecider"/>, writes
/// the events, applies them and replies only after the write, so an answer always describes stored state.
/// Its other duties live in the partial files beside this one: the sessions of its devices and hosts
/// (<c>AccountEntity.Sessions.cs</c>) and its own clock (<c>AccountEntity.Timeline.cs</c>).
/// </summary>
public sealed partial class AccountEntity : ReceivePersistentActor, IWithTimers
{
    private readonly SubscriptionOptions _rules;
    private readonly EntitySettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly AccountEntityDependencies _deps;
    private AccountState? _state;

    public AccountEntity(string accountId, AccountEntityDependencies deps)
    {
        AccountId = new AccountId(accountId);
        _deps = deps;
        _rules = deps.Rules;
        _settings = deps.Settings;
        _clock = deps.Clock;

        Recover<SnapshotOffer>(offer => _state = (AccountState)offer.Snapshot);
        Recover<IAccountEvent>(Fold);
        Recover<RecoveryCompleted>(_ => OnRecovered());
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
            else Sender.Tell(new Accepted(View()));
        });
        Command<GetNotifications>(get =>
        {
            if (Authorize(get.Caller) is { } refusal) Sender.Tell(refusal);
            else Sender.Tell(new NotificationsView(
                _state!.Outbox.Select(p => new PendingNotificationView(p.Notification.Id, p.Notification.Kind, p.Notification.At,
                    p.Notification.Data, p.Recipients.Where(p.IsPendingFor).ToArray())).ToArray(),
                _state.DroppedNotifications));
        });
        Command<Execute>(Handle);
        ReadySessions();
        ReadyTimeline();
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<ReceiveTimeout>(_ => PassivateWhenIdle());
        Command<SaveSnapshotSuccess>(ok =>
            DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failed =>
            _log.Warning(failed.Cause, "Snapshot of {0} failed; recovery replays more events until the next one", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed =>
            _log.Warning(failed.Cause, "Old snapshots of {0} were not deleted", PersistenceId));
    }

    private void OnRecovered()
    {
        Context.SetReceiveTimeout(_settings.PassivateIdleAfter);
        if (_state is null) return;
        CatchUp();
        // Also registered now, not only when going to sleep: if this node dies first, the index still wakes us.
        RegisterWakeup();
    }

    private AccountView View() => AccountView.Of(_state!, Now, _rules, OnlineHosts());

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

        var replyTo = Sender;
        PersistThen(decision.Events, () => replyTo.Tell(new Accepted(View())));
    }

    /// <summary>
    /// Writes the decision's events together with the notifications they raise, applies them, then runs
    /// <paramref name="afterWrite"/> (the reply) and tells the sessions what changed. Nothing is announced
    /// before it is stored.
    /// </summary>
    private void PersistThen(IReadOnlyList<IAccountEvent> decided, Action afterWrite)
    {
        var before = _state;
        var events = NotificationRules.WithNotifications(before, decided, Now, _rules);
        if (events.Count == 0)
        {
            afterWrite();
            return;
        }

        var remaining = events.Count;
        PersistAll(events, e =>
        {
            Fold(e);
            if (--remaining > 0) return;
            afterWrite();
            AnnounceChanges(before, events);
            if (LastSequenceNr / _settings.SnapshotEvery > (LastSequenceNr - events.Count) / _settings.SnapshotEvery)
                SaveSnapshot(_state);
            // Not just re-arming the timer: a command can make something due at once (an expiry moved
            // into the past by an adjustment or a refund must be announced now, not at the next wake).
            CatchUp();
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
        if (_state is null) Context.Parent.Tell(new Passivate(StopEntity.Instance));
    }

    /// <summary>
    /// Idle: stop, unless devices or hosts are connected (they need the entity's pushes and timers) or
    /// something falls due soon (the in-memory timer is the only one that would fire it).
    /// </summary>
    private void PassivateWhenIdle()
    {
        if (_state is not null && (HasSessions || NextDueSoon())) return;
        // The wake-up index must know the next due instant before the in-memory timer goes away.
        _sleepWhenRegistered = true;
        if (RegisterWakeup()) return;
        Context.Parent.Tell(new Passivate(StopEntity.Instance));
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Journal rejected event {0} of {1} (seq {2}); the command is not applied", @event.GetType().Name, PersistenceId, sequenceNr);
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    /// <summary>
    /// Sent by the shard to stop the entity (hand-off, passivation). A message rather than a PoisonPill, so it
    /// waits behind writes in progress: nothing acknowledged is lost on a rebalance or a shutdown.
    /// </summary>
    public sealed class StopEntity
    {
        public static readonly StopEntity Instance = new();
    }
}
