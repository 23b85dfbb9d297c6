using ActorSubs.Domain;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using static ActorSubs.Cluster.Wakeups.WakeupProtocol;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// A cluster singleton that files every <see cref="AccountEvents.WakeupScheduled"/> the accounts write into the
/// bucket of its instant, reading them back from the journal's tag table in write order. It remembers how far it
/// got only after the buckets have stored what it sent them, so after a crash it reads again from there: the journal
/// itself is the durable registration, and filing twice is harmless.
/// </summary>
public sealed class WakeupFeed : ReceivePersistentActor
{
    private const int SnapshotEvery = 100;
    private const string AccountPrefix = "account-";

    private readonly WakeupOptions _options;
    private readonly IActorRef _buckets;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _offset;
    private UniqueKillSwitch? _stream;

    public WakeupFeed(WakeupOptions options, IActorRef buckets)
    {
        _options = options;
        _buckets = buckets;

        Recover<SnapshotOffer>(offer => _offset = ((WakeupFeedAdvanced)offer.Snapshot).Offset);
        Recover<WakeupFeedAdvanced>(e => _offset = e.Offset);
        Recover<RecoveryCompleted>(_ => Run());

        Command<Advance>(advance =>
        {
            var replyTo = Sender;
            if (advance.Offset <= _offset)
            {
                replyTo.Tell(Done.Instance);
                return;
            }
            Persist(new WakeupFeedAdvanced(advance.Offset), e =>
            {
                Volatile.Write(ref _offset, e.Offset);
                replyTo.Tell(Done.Instance);
                if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(e);
            });
        });
        Command<SaveSnapshotSuccess>(ok => DeleteMessages(ok.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed => _log.Warning(failed.Cause, "Wake-up feed snapshot failed"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning(failed.Cause, "Wake-up feed could not trim its journal"));
    }

    public override string PersistenceId => "wakeup-feed";

    protected override void PostStop()
    {
        _stream?.Shutdown();
        base.PostStop();
    }

    /// <summary>
    /// The live tag query, restarted with backoff from the last stored offset whenever it or a filing round fails (a
    /// bucket that did not answer in time, a database hiccup).
    /// </summary>
    private void Run()
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var self = Self;
        var log = _log;
        var settings = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2);
        _stream = RestartSource.OnFailuresWithBackoff(() =>
                journal.EventsByTag(WakeupTagger.Tag, Offset.Sequence(Volatile.Read(ref _offset)))
                    .GroupedWithin(_options.FeedBatchSize, _options.FeedPollInterval)
                    .SelectAsync(1, async batch =>
                    {
                        var envelopes = batch.ToList();
                        await FileAsync(envelopes);
                        var last = ((Sequence)envelopes[^1].Offset).Value;
                        await self.Ask<Done>(new Advance(last), TimeSpan.FromSeconds(30));
                        return envelopes.Count;
                    })
                    .SelectError(e =>
                    {
                        log.Warning(e, "Wake-up feed round failed; reading again from the last stored offset");
                        return e;
                    }),
                settings)
            .ViaMaterialized(KillSwitches.Single<int>(), Keep.Right)
            .To(Sink.Ignore<int>())
            .Run(Context.System.Materializer());
        _log.Info("Wake-up feed reading scheduled wake-ups after journal offset {0}", _offset);
    }

    /// <summary>One round: the latest instant per account goes to its bucket, the instants it replaces are dropped from theirs.</summary>
    private async Task FileAsync(IReadOnlyList<EventEnvelope> envelopes)
    {
        var adds = new Dictionary<string, WakeupEntry>(StringComparer.Ordinal);
        var removes = new List<WakeupEntry>();
        foreach (var envelope in envelopes)
        {
            if (envelope.Event is not AccountEvents.WakeupScheduled scheduled || !envelope.PersistenceId.StartsWith(AccountPrefix, StringComparison.Ordinal))
                continue;
            var accountId = envelope.PersistenceId[AccountPrefix.Length..];
            if (scheduled.Replaces is { } replaced) removes.Add(new WakeupEntry(accountId, replaced));
            if (scheduled.DueAt is { } dueAt) adds[accountId] = new WakeupEntry(accountId, dueAt);
            else adds.Remove(accountId);
        }
        var byBucket = new Dictionary<string, (List<WakeupEntry> Add, List<WakeupEntry> Remove)>(StringComparer.Ordinal);
        (List<WakeupEntry> Add, List<WakeupEntry> Remove) Bucket(WakeupEntry e)
        {
            var id = WakeupBuckets.For(e.AccountId, e.DueAt, _options);
            if (!byBucket.TryGetValue(id, out var lists)) byBucket[id] = lists = ([], []);
            return lists;
        }
        foreach (var entry in adds.Values) Bucket(entry).Add.Add(entry);
        foreach (var stale in removes.Where(r => !(adds.TryGetValue(r.AccountId, out var latest) && latest.DueAt == r.DueAt)))
            Bucket(stale).Remove.Add(stale);

        await Task.WhenAll(byBucket.Select(kv =>
            _buckets.Ask<Registered>(new Register(kv.Key, kv.Value.Add.ToArray(), kv.Value.Remove.ToArray()), TimeSpan.FromSeconds(60))));
    }

    private sealed record Advance(long Offset);
}
