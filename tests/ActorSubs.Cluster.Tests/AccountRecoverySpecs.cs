using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Serialization;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using static ActorSubs.Cluster.Tests.Support.Equivalence;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// An account survives a restart of its node: the restarted node knows only what the SQLite journal holds.
/// <para>
/// How the entity is "restarted": this spec's node is stopped (coordinated shutdown terminates its actor system,
/// so the entity and its in-memory state are gone) and a second, independent node starts on the same database
/// file. Passivating the entity instead would keep the same process and actor system, and a Passivate can only be
/// sent by the entity to its own shard, so it cannot be triggered honestly from outside.
/// </para>
/// </summary>
public sealed class AccountRecoverySpecs : AccountClusterSpec
{
    private const string AccountId = "acc-recovery";

    [Fact]
    public async Task Account_recovered_from_events_alone_shows_the_same_view()
    {
        // Arrange: a history touching every part of the view, removals included.
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        Clock.Advance(TimeSpan.FromHours(1));
        await AcceptAsync(AccountId, new Purchase(Plan.Annual, Channel.Web, new TransactionId("cb-2001")));
        await AcceptAsync(AccountId, new SetAutoRenew(true));
        await AcceptAsync(AccountId, new AddHost(new HostId("mac-studio"), "Mac Studio", Samples.Sha256("h1")));
        Clock.Advance(TimeSpan.FromMinutes(5));
        await AcceptAsync(AccountId, new AddHost(new HostId("mbp-home"), "MacBook Pro", Samples.Sha256("h2")));
        await AcceptAsync(AccountId, new AddDevice(new DeviceId("ipad"), Platform.Ios, "iPad", Samples.Sha256("d1")));
        await AcceptAsync(AccountId, new AddDevice(new DeviceId("pixel"), Platform.Android, "Pixel", Samples.Sha256("d2")));
        await AcceptAsync(AccountId, new RemoveDevice(new DeviceId("pixel")));
        await AcceptAsync(AccountId, new BuyLicencePack(new TransactionId("cb-2002")));
        await AcceptAsync(AccountId, new RegisterLicence(new LicenceKey("pro-key-1"), LicenceProduct.DesktopProSubscription));
        await AcceptAsync(AccountId, new RegisterLicence(new LicenceKey("perm-key-1"), LicenceProduct.DesktopPermanent));
        var before = await GetViewAsync(AccountId);
        var outboxBefore = await GetNotificationsAsync(AccountId);

        // The history really is in the view (so the comparison below is not between two empty views).
        Assert.Equal(Tier.Paid, before.Subscription.Tier);
        Assert.Equal(Plan.Annual, before.Subscription.Plan);
        Assert.True(before.Subscription.AutoRenew);
        Assert.Equal(["mac-studio", "mbp-home"], before.Hosts.Select(h => h.HostId));
        Assert.Equal(["ipad"], before.Devices.Select(d => d.DeviceId));
        Assert.Equal(["PRO-KEY-1", "PERM-KEY-1"], before.Licences.Select(l => l.Key));
        Assert.Equal(1, before.LicencePacks);
        Assert.Equal(Rules.HostsPerPack * 3, before.HostLimit);
        Assert.All(before.Hosts, h => Assert.False(h.Online));
        Assert.Empty(Journal.Snapshots(PersistenceIdOf(AccountId)));

        // With the iPad registered, the pack and both licences were each written with the notification they raise
        // (hosts-added, hosts-added, subscription-extended), so recovery replays notification events too.
        Assert.Equal(["ac", "pu", "ar", "ha", "ha", "da", "da", "dr", "lp", "nr", "lr", "nr", "lr", "nr"], ManifestsOf(AccountId));

        Assert.Equal(
            [(NotificationKind.HostsAdded, "ipad"), (NotificationKind.HostsAdded, "ipad"), (NotificationKind.SubscriptionExtended, "ipad")],
            outboxBefore.Notifications.Select(n => (n.Kind, Assert.Single(n.PendingFor))));

        // Act
        var restarted = await RestartAsync();
        var after = await GetViewAsync(restarted.Accounts, AccountId);
        var outboxAfter = await GetNotificationsAsync(restarted.Accounts, AccountId);

        // Assert
        AssertSameView(before, after);
        AssertSame(outboxBefore, outboxAfter);
    }

    [Fact]
    public async Task Restarted_node_keeps_deciding_from_the_recovered_state()
    {
        // Arrange
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        await AcceptAsync(AccountId, new Purchase(Plan.Monthly, Channel.Web, new TransactionId("cb-1")));
        await AcceptAsync(AccountId, new AddHost(new HostId("h-1"), "Host 1", Samples.Sha256("h1")));
        var written = Journal.Events(PersistenceIdOf(AccountId));
        Assert.Equal(["ac", "pu", "ha"], written.Select(e => e.Manifest).Where(m => m != "ws"));

        // Act
        var restarted = await RestartAsync();
        var duplicateHost = await RejectAsync(restarted.Accounts, AccountId, new AddHost(new HostId("h-1"), "Host 1", Samples.Sha256("h1")));
        var samePurchaseAgain = await AcceptAsync(restarted.Accounts, AccountId, new Purchase(Plan.Monthly, Channel.Web, new TransactionId("cb-1")));
        var recreate = await RejectAsync(restarted.Accounts, AccountId, Samples.CreateAccount(AccountId) with { ApiKeyHash = Samples.Sha256("another key") });

        // Assert: the recovered state knows the host, the transaction (R14) and that the account exists.
        Assert.Equal(RejectionCodes.HostExists, duplicateHost.Code);
        Assert.Equal((ManualClock.DefaultStart + Rules.TrialLength).AddMonths(1), samePurchaseAgain.Subscription.ExpiresAt);
        Assert.Equal(RejectionCodes.AccountExists, recreate.Code);
        Assert.Equal(written, Journal.Events(PersistenceIdOf(AccountId)));
    }

    [Fact]
    public async Task Recovery_catches_up_the_expiry_missed_while_down_and_notifies_it_only_once()
    {
        // Arrange: a trial account with a device; the node is down when the trial ends.
        var created = await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        await AcceptAsync(AccountId, new AddDevice(new DeviceId("ipad"), Platform.Ios, "iPad", Samples.Sha256("d1")));
        Assert.Equal(["ac", "da"], ManifestsOf(AccountId));
        var trialEnd = created.Subscription.ExpiresAt;

        // Act: the node comes back a day after the trial ended, and later again with nothing new due.
        var restarted = await RestartAsync(whileStopped: () => Clock.Advance(trialEnd - Clock.GetUtcNow() + TimeSpan.FromDays(1)));
        var afterFirst = await GetViewAsync(restarted.Accounts, AccountId);
        var afterFirstRows = Journal.Events(PersistenceIdOf(AccountId));
        Clock.Advance(TimeSpan.FromHours(1));
        var again = await RestartAsync();
        var afterSecond = await GetViewAsync(again.Accounts, AccountId);

        // Assert: recovery wrote the missed subscription-expired (late, not never; no reminder, their time has
        // passed) before answering, addressed to the device; the second recovery found it done and wrote nothing.
        Assert.Equal(SubscriptionStatus.Expired, afterFirst.Subscription.Status);
        Assert.Equal(["ac", "da", "nr"], afterFirstRows.Select(e => e.Manifest).Where(m => m != "ws"));
        var expired = StoredNotification(AccountId, SequenceOf(AccountId, "nr"));
        Assert.Equal(NotificationKind.SubscriptionExpired, expired.Notification.Kind);
        Assert.Equal(trialEnd, expired.Notification.Data.ExpiresAt);
        Assert.Equal(trialEnd + TimeSpan.FromDays(1), expired.Notification.At);
        Assert.Equal(["ipad"], expired.Recipients);
        Assert.Equal(afterFirstRows, Journal.Events(PersistenceIdOf(AccountId)));
        Assert.Equal(SubscriptionStatus.Expired, afterSecond.Subscription.Status);
    }
}

/// <summary>Recovery that starts from a snapshot and replays only the events written after it.</summary>
public sealed class AccountSnapshotRecoverySpecs : AccountClusterSpec
{
    private const string AccountId = "acc-snapshot";

    // The seven commands write 12 rows (each change of the next due instant adds a WakeupScheduled to its write): with 5,
    // snapshots fall after the purchase (row 6) and after the pack (row 10), leaving the licence's write to replay.
    protected override EntitySettings Entities => new() { SnapshotEvery = 5 };

    /// <summary>The sequence number each accepted command's write ended at, in order.</summary>
    private readonly List<long> _writeEnds = [];

    private string PersistenceId => PersistenceIdOf(AccountId);

    private async Task<AccountView> WriteAsync(IAccountCommand command)
    {
        var view = await AcceptAsync(AccountId, command);
        _writeEnds.Add(Journal.Events(PersistenceId).Max(e => e.SequenceNr));
        return view;
    }

    /// <summary>
    /// Seven commands. With the device registered second, the purchase, the pack and the licence are each written
    /// together with the notification they raise, and the entity snapshots at the end of a write that reaches or
    /// passes a multiple of <see cref="EntitySettings.SnapshotEvery"/>: here after the purchase and after the pack,
    /// whose snapshot holds two pending notifications; the licence and its notification come after it.
    /// </summary>
    private async Task<AccountView> WriteSevenCommandsAsync()
    {
        await WriteAsync(Samples.CreateAccount(AccountId));
        await WriteAsync(new AddDevice(new DeviceId("iphone"), Platform.Ios, "iPhone", Samples.Sha256("d1")));
        await WriteAsync(new Purchase(Plan.Biennial, Channel.GooglePlay, new TransactionId("gpa-1")));
        await WriteAsync(new AddHost(new HostId("mac-mini"), "Mac mini", Samples.Sha256("h1")));
        Clock.Advance(TimeSpan.FromDays(2));
        await WriteAsync(new AddHost(new HostId("imac"), "iMac", Samples.Sha256("h2")));
        await WriteAsync(new BuyLicencePack(new TransactionId("cb-pack-1")));
        return await WriteAsync(new RegisterLicence(new LicenceKey("pro-9"), LicenceProduct.DesktopProSubscription));
    }

    /// <summary>Where the last snapshot must be, derived from the writes: the end of the last write that crossed a multiple.</summary>
    private long ExpectedSnapshot()
    {
        var every = Entities.SnapshotEvery;
        return _writeEnds.Zip(_writeEnds.Prepend(0L), (end, start) => (Start: start, End: end))
            .Last(w => w.End / every > w.Start / every).End;
    }

    /// <summary>
    /// Once the snapshot is saved (asynchronously, after the reply) and the older ones are deleted on its success:
    /// exactly one snapshot row, in our format, where the writes put it, and not at the last event.
    /// </summary>
    private async Task<long> AwaitSingleSnapshotAsync()
    {
        var expected = ExpectedSnapshot();
        var last = _writeEnds[^1];
        Assert.Equal(last, Journal.EventCount(PersistenceId));
        Assert.True(expected < last, $"the last snapshot ({expected}) should leave events to replay (last event {last})");
        await AwaitAssertAsync(
            () => Assert.Equal([new StoredSnapshot(expected, "s-account", JournalJsonSerializer.Id)], Journal.Snapshots(PersistenceId)),
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        return expected;
    }

    [Fact]
    public async Task Account_recovered_from_snapshot_plus_later_events_shows_the_same_view()
    {
        // Arrange
        await WriteSevenCommandsAsync();
        var before = await GetViewAsync(AccountId);
        var outboxBefore = await GetNotificationsAsync(AccountId);
        var snapshot = await AwaitSingleSnapshotAsync();

        // Act
        var restarted = await RestartAsync();
        var after = await GetViewAsync(restarted.Accounts, AccountId);
        var outboxAfter = await GetNotificationsAsync(restarted.Accounts, AccountId);

        // Assert: what is replayed on top of the snapshot is the licence and the notification it raised.
        Assert.Equal(["lr", "nr"], Journal.Events(PersistenceId).Where(e => e.SequenceNr > snapshot).Select(e => e.Manifest));
        Assert.Equal(12, Journal.EventCount(PersistenceId));
        Assert.Equal(["mac-mini", "imac"], before.Hosts.Select(h => h.HostId));
        Assert.Equal(["PRO-9"], before.Licences.Select(l => l.Key));
        Assert.Equal(["n1", "n2", "n3"], outboxBefore.Notifications.Select(n => n.Id));
        AssertSameView(before, after);
        AssertSame(outboxBefore, outboxAfter);
    }

    [Fact]
    public async Task Recovery_needs_no_event_older_than_the_snapshot()
    {
        // Arrange: with the snapshot in place, every event up to it is removed from the file while the node is down.
        // If recovery replayed from the start it would find no AccountCreated and no account; it finds the account
        // only by loading the snapshot and replaying the later events on top of it.
        var before = await WriteSevenCommandsAsync();
        var outboxBefore = await GetNotificationsAsync(AccountId);
        var snapshot = await AwaitSingleSnapshotAsync();
        var later = Journal.Events(PersistenceId).Where(e => e.SequenceNr > snapshot).ToArray();

        // Act
        var deleted = 0;
        var restarted = await RestartAsync(whileStopped: () => deleted = Journal.DeleteEventsUpTo(PersistenceId, snapshot));
        var after = await GetViewAsync(restarted.Accounts, AccountId);
        var outboxAfter = await GetNotificationsAsync(restarted.Accounts, AccountId);

        // Assert: the view, and the outbox whose first two notifications exist only in the snapshot now.
        Assert.Equal(snapshot, (long)deleted);
        Assert.Equal(later, Journal.Events(PersistenceId));
        Assert.Equal(["lr", "nr"], later.Select(e => e.Manifest));
        AssertSameView(before, after);
        Assert.Equal(["PRO-9"], after.Licences.Select(l => l.Key));
        AssertSame(outboxBefore, outboxAfter);
        Assert.Equal(["n1", "n2", "n3"], outboxAfter.Notifications.Select(n => n.Id));
    }
}
