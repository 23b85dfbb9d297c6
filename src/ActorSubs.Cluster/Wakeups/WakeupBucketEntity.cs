using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Wakeups.WakeupProtocol;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// The wake-ups of one time span (and one slice of accounts). Asleep until its span comes near; then it arms
/// a timer per entry, wakes each account at its exact instant through the account region until the account
/// acknowledges, and once empty deletes its journal and stops.
/// </summary>
public sealed class WakeupBucketEntity : ReceivePersistentActor, IWithTimers
{
    private readonly WakeupOptions _options;
    private readonly TimeProvider _clock;
    private readonly IActorRef _accounts;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, DateTimeOffset> _entries = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _spanStart;

    public WakeupBucketEntity(string bucketId, WakeupOptions options, TimeProvider clock, IActorRef accounts)
    {
        BucketId = bucketId;
        _options = options;
        _clock = clock;
        _accounts = accounts;
        _spanStart = WakeupBuckets.SpanOf(bucketId);

        Recover<WakeupRegistered>(e => _entries[e.AccountId] = e.DueAt);
        Recover<WakeupDelivered>(e => Forget(e.AccountId, e.DueAt));
        Recover<RecoveryCompleted>(_ => ArmIfNear());

        Command<Register>(register =>
        {
            var replyTo = Sender;
            Persist(new WakeupRegistered(register.AccountId, register.DueAt), e =>
            {
                _entries[e.AccountId] = e.DueAt;
                replyTo.Tell(new Registered(e.AccountId, e.DueAt));
                ArmIfNear();
            });
        });
        Command<Activate>(_ =>
        {
            if (_entries.Count == 0) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            else ArmIfNear(force: true);
        });
        Command<Due>(due =>
        {
            if (_entries.TryGetValue(due.AccountId, out var at) && at == due.DueAt)
            {
                _accounts.Tell(new Wake(due.AccountId, BucketId, at));
                Timers.StartSingleTimer(due.AccountId, due, _options.RetryInterval);
            }
        });
        Command<WakeAcknowledged>(ack =>
        {
            if (!_entries.TryGetValue(ack.AccountId, out var at) || at != ack.DueAt) return;
            Timers.Cancel(ack.AccountId);
            Persist(new WakeupDelivered(ack.AccountId, ack.DueAt), e =>
            {
                Forget(e.AccountId, e.DueAt);
                if (_entries.Count == 0) DeleteMessages(LastSequenceNr);
                else ArmIfNear();
            });
        });
        Command<DeleteMessagesSuccess>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
        Command<DeleteMessagesFailure>(failure =>
            _log.Warning(failure.Cause, "Wake-up bucket {0} could not delete its delivered entries", BucketId));
        Command<ReceiveTimeout>(_ =>
        {
            // Asleep until the clock activates it; awake while it has timers armed.
            if (_entries.Count == 0 || !IsNear()) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
    }

    public string BucketId { get; }

    public override string PersistenceId => "wakeup-" + BucketId;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        base.PreStart();
        Context.SetReceiveTimeout(TimeSpan.FromMinutes(2));
    }

    private bool IsNear() => _clock.GetUtcNow() >= _spanStart - _options.ActivationLead;

    private void ArmIfNear(bool force = false)
    {
        if (!force && !IsNear()) return;
        var now = _clock.GetUtcNow();
        foreach (var (accountId, dueAt) in _entries)
        {
            if (Timers.IsTimerActive(accountId)) continue;
            var delay = dueAt - now;
            Timers.StartSingleTimer(accountId, new Due(accountId, dueAt), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        }
    }

    private void Forget(string accountId, DateTimeOffset dueAt)
    {
        if (_entries.TryGetValue(accountId, out var at) && at == dueAt) _entries.Remove(accountId);
    }

    private sealed record Due(string AccountId, DateTimeOffset DueAt);
}
