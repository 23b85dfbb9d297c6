using ActorSubs.Cluster.Accounts;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Wakeups.WakeupProtocol;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// A cluster singleton that files every <see cref="AccountEvents.WakeupScheduled"/> the accounts write into the
/// bucket of its instant, reading them back from the journal's tag table in write order (<see cref="TagTableReader"/>).
/// It remembers how far it got only after the buckets have stored what it sent them, so after a crash it reads again
/// from there: the journal itself is the durable registration, and filing twice is harmless. One round at a time:
/// read up to <see cref="WakeupOptions.FeedBatchSize"/> rows, file them, store the offset, and read again at once while
/// there is more (a backlog drains at full speed), else after <see cref="WakeupOptions.FeedPollInterval"/>.
/// </summary>
public sealed class WakeupFeed : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 100;
    private const string AccountPrefix = "account-";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    private readonly WakeupOptions _options;
    private readonly IActorRef _buckets;
    private readonly TagTableReader _reader;
    private readonly Akka.Serialization.Serialization _serialization = Context.System.Serialization;
    private long _offset;
    private int _failures;

    public WakeupFeed(WakeupOptions options, IActorRef buckets, TagTableReader reader)
    {
        _options = options;
        _buckets = buckets;
        _reader = reader;

        Recover<SnapshotOffer>(offer => _offset = ((WakeupFeedAdvanced)offer.Snapshot).Offset);
        Recover<WakeupFeedAdvanced>(e => _offset = e.Offset);
        Recover<RecoveryCompleted>(_ =>
        {
            Log.Info("Wake-up feed reading scheduled wake-ups after journal offset {0}", _offset);
            _reader.EnsureIndexAsync(CancellationToken.None)
                .PipeTo(Self, success: () => Timer.Poll, failure: e => new RoundFailed(e));
        });

        Command<Timer>(_ => RunRound().PipeTo(Self, success: filed => filed, failure: e => new RoundFailed(e)));
        Command<Filed>(filed =>
        {
            _failures = 0;
            if (filed.UpTo <= _offset)
            {
                Timers.StartSingleTimer(Timer.Poll, Timer.Poll, _options.FeedPollInterval);
                return;
            }
            Persist(new WakeupFeedAdvanced(filed.UpTo), e =>
            {
                _offset = e.Offset;
                if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(e);
                // A full round means more is waiting: read on at once.
                if (filed.Full) Self.Tell(Timer.Poll);
                else Timers.StartSingleTimer(Timer.Poll, Timer.Poll, _options.FeedPollInterval);
            });
        });
        Command<RoundFailed>(failed =>
        {
            var backoff = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(5, _failures++))));
            Log.Warning(failed.Cause, "Wake-up feed round failed; reading again from offset {0} in {1}", _offset, backoff);
            Timers.StartSingleTimer(Timer.Poll, Timer.Poll, backoff);
        });
        Command<SaveSnapshotSuccess>(ok => DeleteMessages(ok.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed => Log.Warning(failed.Cause, "Wake-up feed snapshot failed"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => Log.Warning(failed.Cause, "Wake-up feed could not trim its journal"));
    }

    public override string PersistenceId => "wakeup-feed";

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>One round, off the actor: read, file into the buckets, and say how far it got.</summary>
    private async Task<Filed> RunRound()
    {
        var rows = await _reader.ReadAsync(AccountJournalTags.Wakeup, _offset, _options.FeedBatchSize, CancellationToken.None);
        if (rows.Count == 0) return new Filed(_offset, Full: false);
        await FileAsync(rows);
        return new Filed(rows[^1].Ordering, Full: rows.Count == _options.FeedBatchSize);
    }

    /// <summary>The latest instant per account goes to its bucket; the instants it replaces are dropped from theirs.</summary>
    private async Task FileAsync(IReadOnlyList<TaggedRow> rows)
    {
        var adds = new Dictionary<string, WakeupEntry>(StringComparer.Ordinal);
        var removes = new List<WakeupEntry>();
        foreach (var row in rows)
        {
            if (!row.PersistenceId.StartsWith(AccountPrefix, StringComparison.Ordinal) ||
                _serialization.Deserialize(row.Message, row.SerializerId, row.Manifest) is not AccountEvents.WakeupScheduled scheduled)
                continue;
            var accountId = row.PersistenceId[AccountPrefix.Length..];
            if (scheduled.Replaces is { } replaced) removes.Add(new WakeupEntry(accountId, replaced));
            if (scheduled.DueAt is { } dueAt) adds[accountId] = new WakeupEntry(accountId, dueAt);
            else adds.Remove(accountId);
        }
        string BucketOf(WakeupEntry e) => WakeupBuckets.For(e.AccountId, e.DueAt, _options);
        var added = adds.Values.ToLookup(BucketOf, StringComparer.Ordinal);
        var dropped = removes.Where(r => !(adds.TryGetValue(r.AccountId, out var latest) && latest.DueAt == r.DueAt))
            .ToLookup(BucketOf, StringComparer.Ordinal);
        var buckets = added.Select(g => g.Key).Union(dropped.Select(g => g.Key), StringComparer.Ordinal);
        await Task.WhenAll(buckets.Select(id =>
            _buckets.Ask<Registered>(new Register(id, [.. added[id]], [.. dropped[id]]), AskTimeout)));
    }

    /// <summary>The feed's one timer: read the next round (also sent at once while rounds come back full).</summary>
    private enum Timer { Poll }

    private sealed record Filed(long UpTo, bool Full);

    private sealed record RoundFailed(Exception Cause);
}
