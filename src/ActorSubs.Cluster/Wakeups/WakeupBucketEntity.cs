using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Wakeups.WakeupProtocol;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// The wake-ups of one time span (and one slice of accounts), sharded by bucket id. Asleep (passivated) until its span
/// comes near; then it starts each account <see cref="WakeupOptions.WarmUpLead"/> ahead of its instant and wakes it at
/// the instant, earliest first, through the account region, with at most <see cref="WakeupOptions.MaxWakesInFlight"/>
/// of each unanswered at once, and sends the wake again until it is acknowledged.
/// Acknowledged entries are written down in batches; once empty it deletes its journal, tells the clock and stops.
/// </summary>
public sealed class WakeupBucketEntity : ReceivePersistentActor, IWithTimers
{
    private static readonly Comparer<(DateTimeOffset DueAt, string AccountId)> EarliestFirst = Comparer<(DateTimeOffset DueAt, string AccountId)>.Create(
        (a, b) => a.DueAt != b.DueAt ? a.DueAt.CompareTo(b.DueAt) : string.CompareOrdinal(a.AccountId, b.AccountId));

    private readonly WakeupOptions _options;
    private readonly TimeProvider _clock;
    private readonly IActorRef _accounts;
    private readonly IActorRef _wakeupClock;
    private readonly DateTimeOffset _spanStart;

    private readonly Dictionary<string, DateTimeOffset> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTimeOffset DueAt, string AccountId)> _queue = new(EarliestFirst);
    private readonly Dictionary<string, (DateTimeOffset DueAt, DateTimeOffset SentAt)> _inFlight = new(StringComparer.Ordinal);
    // Entries whose account is still to be warmed up ahead of its instant, and the warm-ups not yet answered.
    private readonly SortedSet<(DateTimeOffset DueAt, string AccountId)> _toWarm = new(EarliestFirst);
    private readonly Dictionary<string, DateTimeOffset> _warming = new(StringComparer.Ordinal);
    private readonly List<WakeupEntry> _delivered = [];
    private readonly HashSet<IActorRef> _awaitingDrain = [];
    private bool _active;
    private bool _flushing;
    private bool _deleting;

    public WakeupBucketEntity(string bucketId, WakeupOptions options, TimeProvider clock, IActorRef accounts, IActorRef wakeupClock)
    {
        BucketId = bucketId;
        _options = options;
        _clock = clock;
        _accounts = accounts;
        _wakeupClock = wakeupClock;
        _spanStart = WakeupBuckets.SpanOf(bucketId);
        Context.SetReceiveTimeout(TimeSpan.FromMinutes(1));

        Recover<WakeupsFiled>(File);
        Recover<WakeupsDelivered>(e => Forget(e.Entries));
        Recover<RecoveryCompleted>(_ =>
        {
            if (IsNear() && _entries.Count > 0) Start();
        });

        Command<Register>(HandleRegister);
        Command<Activate>(_ =>
        {
            _awaitingDrain.Add(Sender);
            Start();
            ReportIfDrained();
        });
        Command<Timer>(t => t == Timer.Pump, _ => PumpDue());
        Command<Timer>(t => t == Timer.Retry, _ => RetryUnacknowledged());
        Command<WakeAcknowledged>(ack =>
        {
            if (!_inFlight.TryGetValue(ack.AccountId, out var sent) || sent.DueAt != ack.DueAt) return; // stale or repeated
            _inFlight.Remove(ack.AccountId);
            _entries.Remove(ack.AccountId);
            _delivered.Add(new WakeupEntry(ack.AccountId, ack.DueAt));
            if (!Timers.IsTimerActive(Timer.Flush))
                Timers.StartSingleTimer(Timer.Flush, Timer.Flush, _options.DeliveryFlushInterval);
            PumpDue();
        });
        Command<WarmedUp>(warmed =>
        {
            if (_warming.Remove(warmed.AccountId)) PumpDue();
        });
        Command<Timer>(t => t == Timer.Flush, _ => FlushDelivered());
        Command<Timer>(t => t == Timer.PublishMetrics, _ => Publish());
        Command<object>(m => m is DeleteMessagesSuccess or DeleteMessagesFailure, deleted =>
        {
            _deleting = false;
            if (deleted is DeleteMessagesFailure failure)
                Log.Warning(failure.Cause, "Wake-up bucket {0} could not delete its delivered entries; " +
                    "they are replayed (and skipped) on its next start", BucketId);
            if (_entries.Count == 0) ReportDrained(); // unless filled again meanwhile
        });
        Command<ReceiveTimeout>(_ =>
        {
            // Asleep until the clock activates it; awake while it has work.
            if (!_active || (_entries.Count == 0 && _delivered.Count == 0 && !_flushing)) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
    }

    public string BucketId { get; }

    public override string PersistenceId => "wakeups-" + BucketId;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PostStop()
    {
        WakeupMetrics.BucketStopped(BucketId);
        base.PostStop();
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    private bool IsNear() => Now >= _spanStart - _options.ActivationLead;

    private void HandleRegister(Register register)
    {
        var replyTo = Sender;
        // Filed again after a feed restart, or a stale entry already gone: nothing to write.
        var add = register.Add.Where(e => !(_entries.TryGetValue(e.AccountId, out var at) && at == e.DueAt)).ToArray();
        var remove = register.Remove.Where(e => _entries.TryGetValue(e.AccountId, out var at) && at == e.DueAt).ToArray();
        if (add.Length == 0 && remove.Length == 0)
        {
            replyTo.Tell(new Registered(BucketId));
            return;
        }
        var wasEmpty = _entries.Count == 0;
        Persist(new WakeupsFiled(add, remove), filed =>
        {
            File(filed);
            if (wasEmpty && _entries.Count > 0)
            {
                // The clock must know this span before the feed moves past these entries: a bucket it does not know of is never loaded.
                _wakeupClock.Ask<BucketFillNoted>(new BucketFilled(BucketId), TimeSpan.FromSeconds(30))
                    .PipeTo(replyTo, success: _ => new Registered(BucketId));
            }
            else replyTo.Tell(new Registered(BucketId));
            if (_entries.Count == 0) ReportIfDrained(); // its last entry was superseded: leave nothing behind
            else if (IsNear()) Start();
        });
    }

    private void Start()
    {
        if (!_active)
        {
            _active = true;
            Timers.StartPeriodicTimer(Timer.Retry, Timer.Retry, _options.RetryInterval);
            Timers.StartPeriodicTimer(Timer.PublishMetrics, Timer.PublishMetrics, TimeSpan.FromSeconds(1));
        }
        PumpDue();
    }

    /// <summary>
    /// Sends what is due, earliest first, within the in-flight limit, warms up the accounts whose instant is within the
    /// warm-up lead (within a limit of their own), and arms one timer for whichever of the two comes next.
    /// </summary>
    private void PumpDue()
    {
        if (!_active) return;
        var now = Now;
        while (_inFlight.Count < _options.MaxWakesInFlight && _queue.Count > 0 && _queue.Min.DueAt <= now)
        {
            var (dueAt, accountId) = _queue.Min;
            _queue.Remove(_queue.Min);
            _toWarm.Remove((dueAt, accountId));
            _inFlight[accountId] = (dueAt, now);
            _accounts.Tell(new Wake(accountId, BucketId, dueAt));
            WakeupMetrics.WakeSent(now - dueAt, first: true);
        }
        while (_warming.Count < _options.MaxWakesInFlight && _toWarm.Count > 0 && _toWarm.Min.DueAt - _options.WarmUpLead <= now)
        {
            var (dueAt, accountId) = _toWarm.Min;
            _toWarm.Remove(_toWarm.Min);
            if (dueAt <= now) continue; // due already: its wake starts it
            _warming[accountId] = now;
            _accounts.Tell(new WarmUp(accountId, BucketId, dueAt));
            WakeupMetrics.WarmUpSent();
        }
        DateTimeOffset? nextWake = _inFlight.Count < _options.MaxWakesInFlight && _queue.Count > 0 ? _queue.Min.DueAt : null;
        DateTimeOffset? nextWarmUp = _warming.Count < _options.MaxWakesInFlight && _toWarm.Count > 0
            ? _toWarm.Min.DueAt - _options.WarmUpLead
            : null;
        if (new[] { nextWake, nextWarmUp }.Min() is { } next) Timers.StartSingleTimer(Timer.Pump, Timer.Pump, next - now);
        else Timers.Cancel(Timer.Pump);
    }

    private void RetryUnacknowledged()
    {
        // Also a second look at the queue: timers run on a monotonic clock, "due" is wall-clock time, and the two can
        // drift apart (a clock step, a suspended VM).
        var now = Now;
        // A warm-up that got no answer is not sent again: the wake at the instant still starts the account.
        foreach (var (accountId, _) in _warming.Where(w => now - w.Value >= _options.RetryInterval).ToList()) _warming.Remove(accountId);
        PumpDue();
        foreach (var (accountId, sent) in _inFlight.Where(f => now - f.Value.SentAt >= _options.RetryInterval).ToList())
        {
            _inFlight[accountId] = (sent.DueAt, now);
            _accounts.Tell(new Wake(accountId, BucketId, sent.DueAt));
            WakeupMetrics.WakeSent(now - sent.DueAt, first: false);
        }
        ReportIfDrained();
    }

    private void FlushDelivered()
    {
        if (_flushing || _delivered.Count == 0) return;
        _flushing = true;
        var batch = _delivered.ToArray();
        _delivered.Clear();
        Persist(new WakeupsDelivered(batch), _ =>
        {
            _flushing = false;
            if (_delivered.Count > 0) Timers.StartSingleTimer(Timer.Flush, Timer.Flush, _options.DeliveryFlushInterval);
            ReportIfDrained();
        });
    }

    /// <summary>Empty and written down: delete the journal, then tell the waiting clock and stop.</summary>
    private void ReportIfDrained()
    {
        if (_entries.Count > 0 || _delivered.Count > 0 || _flushing || _deleting) return;
        if (LastSequenceNr > 0)
        {
            _deleting = true;
            DeleteMessages(LastSequenceNr);
        }
        else ReportDrained();
    }

    private void ReportDrained()
    {
        foreach (var waiting in _awaitingDrain) waiting.Tell(new Drained(BucketId));
        _awaitingDrain.Clear();
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    private void File(WakeupsFiled filed)
    {
        Forget(filed.Removed);
        foreach (var entry in filed.Added)
        {
            if (_entries.TryGetValue(entry.AccountId, out var at))
            {
                if (at == entry.DueAt) continue;
                Drop(entry.AccountId, at);
            }
            _entries[entry.AccountId] = entry.DueAt;
            _queue.Add((entry.DueAt, entry.AccountId));
            if (_options.WarmUpLead > TimeSpan.Zero) _toWarm.Add((entry.DueAt, entry.AccountId));
        }
    }

    /// <summary>Drops the entries that are still at these instants (delivered, or superseded by a later one).</summary>
    private void Forget(IEnumerable<WakeupEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (_entries.TryGetValue(entry.AccountId, out var at) && at == entry.DueAt) Drop(entry.AccountId, at);
        }
    }

    private void Drop(string accountId, DateTimeOffset dueAt)
    {
        _entries.Remove(accountId);
        _queue.Remove((dueAt, accountId));
        _inFlight.Remove(accountId);
        _toWarm.Remove((dueAt, accountId));
        _warming.Remove(accountId);
    }

    private void Publish()
    {
        var now = Now;
        var overdue = _inFlight.Count + _queue.TakeWhile(e => e.DueAt <= now).Count();
        WakeupMetrics.BucketState(BucketId, _entries.Count, overdue);
    }

    /// <summary>The bucket's timers; each is its own message.</summary>
    private enum Timer { Pump, Retry, Flush, PublishMetrics }
}
