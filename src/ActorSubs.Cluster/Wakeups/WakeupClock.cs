using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Wakeups.WakeupProtocol;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// A cluster singleton that knows which time spans have buckets with entries (a bucket tells it before it takes its
/// first entry) and loads each span's buckets shortly before the span starts. A span is forgotten only once every one
/// of its buckets has reported itself empty, so a restart loads again whatever was not delivered. Spans wholly in the
/// past (after an outage) are caught up one at a time, oldest first: wake-ups fire in due order and a long outage
/// does not wake every overdue account at once.
/// </summary>
public sealed class WakeupClock : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 200;

    private readonly WakeupOptions _options;
    private readonly TimeProvider _clock;
    private readonly IActorRef _buckets;
    private readonly SortedSet<DateTimeOffset> _spans = [];
    /// <summary>Spans being delivered now, with the buckets that have not reported empty yet.</summary>
    private readonly Dictionary<DateTimeOffset, HashSet<string>> _activating = new();

    public WakeupClock(WakeupOptions options, TimeProvider clock, IActorRef buckets)
    {
        _options = options;
        _clock = clock;
        _buckets = buckets;

        Recover<SnapshotOffer>(offer => _spans.UnionWith(((WakeupClockSnapshot)offer.Snapshot).Spans));
        Recover<WakeupSpanFilled>(e => _spans.Add(e.Span));
        Recover<WakeupSpanDrained>(e => _spans.Remove(e.Span));
        Recover<RecoveryCompleted>(_ =>
        {
            var overdue = _spans.Count(IsOverdue);
            if (overdue > 0) Log.Info("Wake-up clock: {0} spans are overdue (the cluster was down); catching up oldest first", overdue);
            Timers.StartPeriodicTimer(Timer.Tick, Timer.Tick, _options.ClockTick);
            Advance();
        });

        Command<BucketFilled>(filled =>
        {
            var span = WakeupBuckets.SpanOf(filled.BucketId);
            var replyTo = Sender;
            // A span being delivered waits for this bucket again, even if it had reported empty before it was filled.
            if (_activating.TryGetValue(span, out var waiting)) waiting.Add(filled.BucketId);
            if (_spans.Contains(span))
            {
                replyTo.Tell(new BucketFillNoted(filled.BucketId));
                return;
            }
            Persist(new WakeupSpanFilled(span), e =>
            {
                _spans.Add(e.Span);
                replyTo.Tell(new BucketFillNoted(filled.BucketId));
                MaybeSnapshot();
                Advance();
            });
        });
        Command<Drained>(drained =>
        {
            var span = WakeupBuckets.SpanOf(drained.BucketId);
            if (!_activating.TryGetValue(span, out var waiting) || !waiting.Remove(drained.BucketId) || waiting.Count > 0) return;
            _activating.Remove(span);
            Persist(new WakeupSpanDrained(span), e =>
            {
                _spans.Remove(e.Span);
                MaybeSnapshot();
                Advance();
            });
        });
        Command<Timer>(_ =>
        {
            // Buckets that have not reported are asked again: an Activate can be lost when a bucket moves or its node dies.
            foreach (var bucket in _activating.Values.SelectMany(w => w)) _buckets.Tell(new Activate(bucket));
            Advance();
        });
        Command<SaveSnapshotSuccess>(ok => DeleteMessages(ok.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed => Log.Warning(failed.Cause, "Wake-up clock snapshot failed"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => Log.Warning(failed.Cause, "Wake-up clock could not trim its journal"));
    }

    public override string PersistenceId => "wakeup-clock-v2";

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Wholly in the past: only an outage leaves such a span undelivered.</summary>
    private bool IsOverdue(DateTimeOffset span) => span + _options.BucketSize <= Now - _options.ClockTick;

    /// <summary>Loads the buckets of every span that is near or current, and of the oldest overdue span if none is being caught up.</summary>
    private void Advance()
    {
        var horizon = Now + _options.ActivationLead;
        var catchingUp = _activating.Keys.Any(IsOverdue);
        foreach (var span in _spans)
        {
            if (span > horizon) break;
            if (_activating.ContainsKey(span)) continue;
            if (IsOverdue(span))
            {
                if (catchingUp) continue;
                catchingUp = true;
                Log.Info("Wake-up clock catching up span {0:O}", span);
            }
            var buckets = WakeupBuckets.AllOf(span, _options).ToHashSet(StringComparer.Ordinal);
            _activating[span] = buckets;
            foreach (var bucket in buckets) _buckets.Tell(new Activate(bucket));
        }
        WakeupMetrics.OverdueSpans(_spans.Count(IsOverdue));
    }

    private void MaybeSnapshot()
    {
        if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new WakeupClockSnapshot(_spans.ToArray()));
    }

    /// <summary>The clock's one timer: look at the time.</summary>
    private enum Timer { Tick }
}
