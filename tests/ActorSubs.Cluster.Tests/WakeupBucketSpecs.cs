using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Cluster.Wakeups;
using Akka.Actor;
using Akka.TestKit;
using static ActorSubs.Cluster.Wakeups.WakeupProtocol;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// One wake-up bucket on its own, its journal real, the account region and the clock test probes, time on the
/// manual clock: what it wakes, in what order, how many at once, what it sends again, and when it reports empty.
/// </summary>
public sealed class WakeupBucketSpecs : AccountClusterSpec
{
    private static readonly WakeupOptions Wakeups = new()
    {
        MaxWakesInFlight = 2,
        WarmUpLead = TimeSpan.FromSeconds(30),
        RetryInterval = TimeSpan.FromMilliseconds(300),
        DeliveryFlushInterval = TimeSpan.FromMilliseconds(50),
    };

    private readonly string _bucketId;
    private TestProbe _accounts = null!;
    private TestProbe _clock = null!;
    private TestProbe _feed = null!;

    public WakeupBucketSpecs() =>
        _bucketId = WakeupBuckets.AllOf(WakeupBuckets.SpanStart(Clock.GetUtcNow(), Wakeups), Wakeups).First();

    protected override async Task BeforeTestStart()
    {
        await base.BeforeTestStart();
        _accounts = CreateTestProbe();
        _clock = CreateTestProbe();
        _feed = CreateTestProbe();
    }

    private DateTimeOffset Instant => Clock.GetUtcNow();

    private IActorRef StartBucket() =>
        Sys.ActorOf(Props.Create(() => new WakeupBucketEntity(_bucketId, Wakeups, Clock, _accounts.Ref, _clock.Ref)));

    /// <summary>
    /// How long a filing may take: it is a journal write, and a spec's first one also creates the SQLite tables; on a
    /// loaded machine that passed the TestKit's default 3 s. A bound on a message that must come, so a generous one.
    /// </summary>
    private static readonly TimeSpan WriteWithin = TimeSpan.FromSeconds(15);

    /// <summary>Files entries as the feed does; the first filing of an empty bucket waits for the clock to note its span.</summary>
    private async Task FileAsync(IActorRef bucket, WakeupEntry[] add, WakeupEntry[]? remove = null, bool firstFill = false)
    {
        bucket.Tell(new Register(_bucketId, add, remove ?? []), _feed.Ref);
        if (firstFill)
        {
            await _clock.ExpectMsgAsync<BucketFilled>(f => Assert.Equal(_bucketId, f.BucketId), WriteWithin);
            await _feed.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)); // not acknowledged before the clock knows
            _clock.Reply(new BucketFillNoted(_bucketId));
        }
        await _feed.ExpectMsgAsync<Registered>(WriteWithin);
    }

    [Fact]
    public async Task Overdue_entries_are_woken_earliest_first_and_no_more_than_the_in_flight_limit_at_once()
    {
        // Arrange: four accounts already due, filed out of order.
        var bucket = StartBucket();
        var entries = new[] { ("d", 1), ("b", 3), ("a", 4), ("c", 2) }.Select(e => new WakeupEntry(e.Item1, Instant - TimeSpan.FromSeconds(e.Item2))).ToArray();
        await FileAsync(bucket, entries, firstFill: true);

        // Act / Assert: the two earliest first, then one more for each acknowledgement.
        var first = await _accounts.ExpectMsgAsync<Wake>();
        var second = await _accounts.ExpectMsgAsync<Wake>();
        Assert.Equal(["a", "b"], new[] { first.AccountId, second.AccountId });
        await _accounts.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(150));
        bucket.Tell(new WakeAcknowledged(_bucketId, first.AccountId, first.DueAt));
        Assert.Equal("c", (await _accounts.ExpectMsgAsync<Wake>()).AccountId);
    }

    [Fact]
    public async Task An_entry_comes_due_at_its_instant_not_before()
    {
        var bucket = StartBucket();
        await FileAsync(bucket, [new WakeupEntry("later", Instant + TimeSpan.FromHours(1))], firstFill: true);
        bucket.Tell(new Activate(_bucketId), _clock.Ref);

        await _accounts.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        // Its own timer was armed an hour of real time away; the periodic retry tick looks at the (manual) clock too.
        Clock.Advance(TimeSpan.FromHours(1));
        var wake = await _accounts.ExpectMsgAsync<Wake>(TimeSpan.FromSeconds(3));
        Assert.Equal("later", wake.AccountId);
    }

    [Fact]
    public async Task An_account_is_warmed_up_its_lead_before_its_instant_and_still_woken_at_the_instant()
    {
        var bucket = StartBucket();
        var dueAt = Instant + TimeSpan.FromMinutes(1);
        await FileAsync(bucket, [new WakeupEntry("soon", dueAt)], firstFill: true);
        bucket.Tell(new Activate(_bucketId), _clock.Ref);
        await _accounts.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));

        // The periodic retry tick looks at the manual clock, as in the spec above.
        Clock.Advance(TimeSpan.FromMinutes(1) - Wakeups.WarmUpLead);
        var warmUp = await _accounts.ExpectMsgAsync<WarmUp>(TimeSpan.FromSeconds(3));
        bucket.Tell(new WarmedUp(_bucketId, warmUp.AccountId));
        await _accounts.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500)); // answered: not sent again, and no wake before the instant

        Clock.Advance(Wakeups.WarmUpLead);
        var wake = await _accounts.ExpectMsgAsync<Wake>(TimeSpan.FromSeconds(3));

        Assert.Equal(("soon", dueAt), (warmUp.AccountId, warmUp.DueAt));
        Assert.Equal(("soon", dueAt), (wake.AccountId, wake.DueAt));
    }

    [Fact]
    public async Task Warm_ups_are_limited_in_flight_earliest_first_and_one_left_unanswered_is_not_sent_again()
    {
        // Arrange: three accounts due within the lead.
        var bucket = StartBucket();
        var entries = new[] { ("c", 12), ("a", 10), ("b", 11) }.Select(e => new WakeupEntry(e.Item1, Instant + TimeSpan.FromSeconds(e.Item2))).ToArray();
        await FileAsync(bucket, entries, firstFill: true);

        // Act
        bucket.Tell(new Activate(_bucketId), _clock.Ref);
        var first = await _accounts.ExpectMsgAsync<WarmUp>();
        var second = await _accounts.ExpectMsgAsync<WarmUp>();
        await _accounts.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(150));
        bucket.Tell(new WarmedUp(_bucketId, first.AccountId));
        var third = await _accounts.ExpectMsgAsync<WarmUp>();
        Clock.Advance(Wakeups.RetryInterval * 2); // "b" never answers: it gives up its place, and its wake still comes

        // Assert
        Assert.Equal(["a", "b", "c"], new[] { first.AccountId, second.AccountId, third.AccountId });
        await _accounts.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task An_unacknowledged_wake_is_sent_again_and_a_repeated_acknowledgement_changes_nothing()
    {
        var bucket = StartBucket();
        await FileAsync(bucket, [new WakeupEntry("slow", Instant)], firstFill: true);
        var wake = await _accounts.ExpectMsgAsync<Wake>();

        Clock.Advance(Wakeups.RetryInterval);
        var again = await _accounts.ExpectMsgAsync<Wake>(TimeSpan.FromSeconds(3));

        Assert.Equal(wake, again);
        bucket.Tell(new WakeAcknowledged(_bucketId, "slow", wake.DueAt));
        bucket.Tell(new WakeAcknowledged(_bucketId, "slow", wake.DueAt));
        bucket.Tell(new Activate(_bucketId), _clock.Ref);
        await _clock.ExpectMsgAsync<Drained>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_superseded_entry_is_not_woken_and_the_emptied_bucket_deletes_its_journal()
    {
        var bucket = StartBucket();
        var stale = new WakeupEntry("moved", Instant + TimeSpan.FromMinutes(5));
        await FileAsync(bucket, [stale], firstFill: true);

        await FileAsync(bucket, [], [stale]);

        Clock.Advance(TimeSpan.FromMinutes(6));
        await _accounts.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));
        await AwaitAssertAsync(() => Assert.Empty(Journal.LiveEvents("wakeups-" + _bucketId)),
            TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_restarted_bucket_wakes_again_only_what_was_not_written_down_as_delivered()
    {
        // Arrange: two due, one acknowledged and written down, then the bucket stops (a crash of its node).
        var bucket = StartBucket();
        await FileAsync(bucket, [new WakeupEntry("done", Instant - TimeSpan.FromSeconds(2)), new WakeupEntry("open", Instant - TimeSpan.FromSeconds(1))], firstFill: true);
        var done = await _accounts.ExpectMsgAsync<Wake>();
        await _accounts.ExpectMsgAsync<Wake>();
        bucket.Tell(new WakeAcknowledged(_bucketId, done.AccountId, done.DueAt));
        await AwaitAssertAsync(() => Assert.Contains(Journal.Events("wakeups-" + _bucketId), e => e.Manifest == "wx"),
            TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        Watch(bucket);
        Sys.Stop(bucket);
        await ExpectTerminatedAsync(bucket);

        // Act
        var restarted = StartBucket();
        restarted.Tell(new Activate(_bucketId), _clock.Ref);

        // Assert
        Assert.Equal("open", (await _accounts.ExpectMsgAsync<Wake>()).AccountId);
        await _accounts.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }
}
