using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// The account entity's clock, driven by the manual clock: time moves only when the spec moves it, and the
/// account is woken the way the wake-up index wakes it (a <see cref="WakeupProtocol.Wake"/>), so no assertion
/// depends on a wall-clock window. Sessions are test probes attached as the gateway attaches them.
/// </summary>
public sealed class AccountTimelineSpecs : AccountClusterSpec
{
    private const string AccountId = "acc-clock";

    private async Task<(DateTimeOffset ExpiresAt, Akka.TestKit.TestProbe Session)> TrialWithAttachedPhoneAsync()
    {
        var created = await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        await AcceptAsync(AccountId, new AddDevice(new DeviceId("phone"), Platform.Ios, "Phone", Samples.Sha256("phone-token")));
        var session = CreateTestProbe();
        Accounts.Tell(new Attach(AccountId, AgentKind.Device, "phone", Samples.Sha256("phone-token"), "s-1", session.Ref, Clock.GetUtcNow()), session.Ref);
        var attached = await session.ExpectMsgAsync<Attached>();
        Assert.Null(attached.SessionEndsAt);
        return (created.Subscription.ExpiresAt, session);
    }

    [Fact]
    public async Task A_wake_up_at_the_expiry_pushes_the_notice_with_its_cut_then_writes_it_then_acknowledges()
    {
        // Arrange
        var (expiresAt, session) = await TrialWithAttachedPhoneAsync();
        var bucket = CreateTestProbe();
        Clock.Advance(expiresAt - Clock.GetUtcNow() + TimeSpan.FromMilliseconds(40));

        // Act
        Accounts.Tell(new WakeupProtocol.Wake(AccountId, "b-1", expiresAt), bucket.Ref);

        // Assert: the device hears the expiry (with its cut at expiry + limit, not at the late instant it fired) ...
        var push = await session.FishForMessageAsync<Push>(p => p.Notification.Kind == NotificationKind.SubscriptionExpired);
        Assert.Equal(expiresAt, push.Notification.Data.DueAt);
        Assert.Equal(expiresAt + Rules.ExpiredSessionLimit, push.Notification.Data.SessionEndsAt);
        Assert.Equal("buy-in-app-store", push.Notification.Data.Prompt!.Action);
        // ... and the bucket's acknowledgement comes once the notice is stored.
        await bucket.ExpectMsgAsync<WakeupProtocol.WakeAcknowledged>(ack => Assert.Equal(expiresAt, ack.DueAt));
        var stored = StoredNotification(AccountId, Journal.Events(PersistenceIdOf(AccountId)).Last(e => e.Manifest == "nr").SequenceNr);
        Assert.Equal(push.Notification.Id, stored.Notification.Id);
        Assert.Equal(Clock.GetUtcNow(), stored.Notification.At);
    }

    [Fact]
    public async Task A_second_wake_up_for_the_same_instant_writes_and_pushes_nothing_more()
    {
        // Arrange
        var (expiresAt, session) = await TrialWithAttachedPhoneAsync();
        var bucket = CreateTestProbe();
        Clock.Advance(expiresAt - Clock.GetUtcNow());
        Accounts.Tell(new WakeupProtocol.Wake(AccountId, "b-1", expiresAt), bucket.Ref);
        await session.FishForMessageAsync<Push>(p => p.Notification.Kind == NotificationKind.SubscriptionExpired);
        await bucket.ExpectMsgAsync<WakeupProtocol.WakeAcknowledged>();
        var rows = Journal.Events(PersistenceIdOf(AccountId)).Count;
        // The entity pushes a tick's notices before its write and acknowledges after it, and a local Tell is queued at once:
        // whatever the first wake-up told the session is already in its queue.
        while (session.HasMessages) session.ReceiveOne(TimeSpan.Zero);

        // Act: the bucket fires twice (a retry, or a restart before it wrote the delivery down).
        Clock.Advance(TimeSpan.FromSeconds(5));
        Accounts.Tell(new WakeupProtocol.Wake(AccountId, "b-1", expiresAt), bucket.Ref);

        // Assert
        await bucket.ExpectMsgAsync<WakeupProtocol.WakeAcknowledged>();
        await session.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(rows, Journal.Events(PersistenceIdOf(AccountId)).Count);
        Assert.Single(Journal.DomainManifests(PersistenceIdOf(AccountId)), m => m == "nr" );
    }

    [Fact]
    public async Task A_device_attaching_after_expiry_is_limited_from_its_connection_and_keeps_that_cut_on_every_attach()
    {
        // Arrange
        var (expiresAt, _) = await TrialWithAttachedPhoneAsync();
        await AcceptAsync(AccountId, new AddDevice(new DeviceId("tablet"), Platform.Android, "Tablet", Samples.Sha256("tablet-token")));
        Clock.Advance(expiresAt - Clock.GetUtcNow() + TimeSpan.FromHours(2));
        var connectedAt = Clock.GetUtcNow();
        var tablet = CreateTestProbe();

        // Act: it attaches, and attaches again ten seconds later (its account moved, say).
        Accounts.Tell(new Attach(AccountId, AgentKind.Device, "tablet", Samples.Sha256("tablet-token"), "s-2", tablet.Ref, connectedAt), tablet.Ref);
        var first = await tablet.ExpectMsgAsync<Attached>();
        Clock.Advance(TimeSpan.FromSeconds(10));
        Accounts.Tell(new Attach(AccountId, AgentKind.Device, "tablet", Samples.Sha256("tablet-token"), "s-2", tablet.Ref, connectedAt), tablet.Ref);
        var again = await tablet.ExpectMsgAsync<Attached>();

        // Assert
        Assert.Equal(connectedAt + Rules.ExpiredSessionLimit, first.SessionEndsAt);
        Assert.Equal(first.SessionEndsAt, again.SessionEndsAt);
        Assert.Equal("buy-subscription", first.Prompt!.Action);
    }

    [Fact]
    public async Task A_purchase_after_expiry_lifts_the_limit_of_every_attached_device()
    {
        // Arrange
        var (expiresAt, session) = await TrialWithAttachedPhoneAsync();
        var bucket = CreateTestProbe();
        Clock.Advance(expiresAt - Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        Accounts.Tell(new WakeupProtocol.Wake(AccountId, "b-1", expiresAt), bucket.Ref);
        await bucket.ExpectMsgAsync<WakeupProtocol.WakeAcknowledged>();

        // Act
        await AcceptAsync(AccountId, new Purchase(Plan.Monthly, Channel.Web, new TransactionId("cb-after-expiry")));

        // Assert
        await session.FishForMessageAsync(m => m is LimitLifted);
    }

    [Fact]
    public async Task A_wake_up_for_an_account_that_does_not_exist_is_acknowledged_and_writes_nothing()
    {
        var bucket = CreateTestProbe();

        Accounts.Tell(new WakeupProtocol.Wake("acc-nobody", "b-1", Clock.GetUtcNow()), bucket.Ref);

        await bucket.ExpectMsgAsync<WakeupProtocol.WakeAcknowledged>(ack => Assert.Equal("acc-nobody", ack.AccountId));
        Assert.Empty(Journal.Events(PersistenceIdOf("acc-nobody")));
    }
}
