using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Wakeups.WakeupProtocol;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// A cluster singleton that activates the wake-up buckets of each time span shortly before it starts, and
/// remembers how far it got. After downtime it activates every span it missed (up to
/// <see cref="WakeupOptions.MaxCatchUp"/>): an overdue wake-up fires late, never not at all.
/// </summary>
public sealed class WakeupClock : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 100;

    private readonly WakeupOptions _options;
    private readonly TimeProvider _clock;
    private readonly IActorRef _buckets;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DateTimeOffset? _activatedUpTo;

    public WakeupClock(WakeupOptions options, TimeProvider clock, IActorRef buckets)
    {
        _options = options;
        _clock = clock;
        _buckets = buckets;

        Recover<SnapshotOffer>(offer => _activatedUpTo = ((WakeupClockAdvanced)offer.Snapshot).ActivatedUpTo);
        Recover<WakeupClockAdvanced>(e => _activatedUpTo = e.ActivatedUpTo);
        Recover<RecoveryCompleted>(_ =>
        {
            Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, _options.ClockTick);
            Advance();
        });
        Command<Tick>(_ => Advance());
        Command<SaveSnapshotSuccess>(ok => DeleteMessages(ok.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed => _log.Warning(failed.Cause, "Wake-up clock snapshot failed"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning(failed.Cause, "Wake-up clock could not trim its journal"));
    }

    public override string PersistenceId => "wakeup-clock";

    public ITimerScheduler Timers { get; set; } = null!;

    private void Advance()
    {
        var now = _clock.GetUtcNow();
        var target = WakeupBuckets.SpanStart(now + _options.ActivationLead, _options);
        var oldest = WakeupBuckets.SpanStart(now - _options.MaxCatchUp, _options);
        var first = _activatedUpTo is { } done ? done + _options.BucketSize : target;
        if (first < oldest)
        {
            _log.Warning("Wake-up clock was stopped since {0}; catching up from {1} only (MaxCatchUp)", first, oldest);
            first = oldest;
        }
        if (first > target) return;

        var spans = 0;
        for (var span = first; span <= target; span += _options.BucketSize, spans++)
        {
            foreach (var bucket in WakeupBuckets.AllOf(span, _options)) _buckets.Tell(new Activate(bucket));
        }
        if (spans > 1) _log.Info("Wake-up clock activated {0} missed spans up to {1}", spans, target);
        Persist(new WakeupClockAdvanced(target), e =>
        {
            _activatedUpTo = e.ActivatedUpTo;
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(e);
        });
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
