using ActorSubs.Cluster.Serialization;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using static ActorSubs.Cluster.Tests.Support.Equivalence;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Cluster.Tests;

/// <summary>The entity answers only once its events are stored, and a refused command stores nothing.</summary>
public sealed class ReplyAfterWriteSpecs : AccountClusterSpec
{
    private const string AccountId = "acc-writes";

    [Fact]
    public async Task Accepted_purchase_is_already_in_the_journal_when_the_reply_arrives()
    {
        // Arrange
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));

        // Act
        var view = await AcceptAsync(AccountId, new Purchase(Plan.Annual, Channel.Web, new TransactionId("cb-77")));

        // Assert: read straight after the reply, the row is there, written by the journal serializer (not Hyperion).
        // No device is registered, so there is nobody to notify: the purchase and its new due instant are the rows it writes.
        Assert.Equal(Tier.Paid, view.Subscription.Tier);
        Assert.Equal(
        [
            new StoredEvent(1, "ac", JournalJsonSerializer.Id), new StoredEvent(2, "ws", JournalJsonSerializer.Id),
            new StoredEvent(3, "pu", JournalJsonSerializer.Id), new StoredEvent(4, "ws", JournalJsonSerializer.Id),
        ], Journal.Events(PersistenceIdOf(AccountId)));
    }

    [Fact]
    public async Task Accepted_purchase_with_a_device_registered_is_stored_with_its_renewed_notification_before_the_reply()
    {
        // Arrange
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        await AcceptAsync(AccountId, new AddDevice(new DeviceId("ipad"), Platform.Ios, "iPad", Samples.Sha256("d")));

        // Act
        var view = await AcceptAsync(AccountId, new Purchase(Plan.Annual, Channel.Web, new TransactionId("cb-79")));

        // Assert: the purchase, the notification it raises and the new due instant are one write, stored when the reply arrives.
        Assert.Equal(["ac", "ws", "da", "pu", "nr", "ws"], AllManifestsOf(AccountId));
        var raised = StoredNotification(AccountId, 5);
        Assert.Equal(NotificationKind.Renewed, raised.Notification.Kind);
        Assert.Equal("n1", raised.Notification.Id);
        Assert.Equal(view.Subscription.ExpiresAt, raised.Notification.Data.ExpiresAt);
        Assert.Equal(Clock.GetUtcNow(), raised.Notification.At);
        Assert.Equal(["ipad"], raised.Recipients);
        Assert.Equal(0, raised.DropOldest);
    }

    [Fact]
    public async Task Accepted_purchase_is_seen_by_a_fresh_node_on_the_same_database()
    {
        // Arrange
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        var accepted = await AcceptAsync(AccountId, new Purchase(Plan.Biennial, Channel.Web, new TransactionId("cb-78")));

        // Act
        var restarted = await RestartAsync();
        var recovered = await GetViewAsync(restarted.Accounts, AccountId);

        // Assert
        Assert.Equal(Plan.Biennial, recovered.Subscription.Plan);
        AssertSameView(accepted, recovered);
    }

    [Fact]
    public async Task Rejected_commands_write_nothing()
    {
        // Arrange: a trial account with one host and one device.
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        await AcceptAsync(AccountId, new AddHost(new HostId("h-1"), "Host", Samples.Sha256("h")));
        await AcceptAsync(AccountId, new AddDevice(new DeviceId("d-1"), Platform.Web, "Browser", Samples.Sha256("d")));
        var persistenceId = PersistenceIdOf(AccountId);
        var eventsBefore = Journal.Events(persistenceId);
        var viewBefore = await GetViewAsync(AccountId);

        // Act
        var codes = new List<string>
        {
            (await RejectAsync(AccountId, Samples.CreateAccount(AccountId) with { ApiKeyHash = Samples.Sha256("another key") })).Code,
            (await RejectAsync(AccountId, new AddHost(new HostId("h-1"), "Host", Samples.Sha256("h")))).Code,
            (await RejectAsync(AccountId, new RemoveHost(new HostId("nope")))).Code,
            (await RejectAsync(AccountId, new AddDevice(new DeviceId("d-1"), Platform.Web, "Browser", Samples.Sha256("d")))).Code,
            (await RejectAsync(AccountId, new RemoveDevice(new DeviceId("nope")))).Code,
            (await RejectAsync(AccountId, new SetAutoRenew(true))).Code,
            (await RejectAsync(AccountId, new RegisterLicence(new LicenceKey("perm-1"), LicenceProduct.DesktopPermanent))).Code,
            (await RejectAsync(AccountId, new Refund(new TransactionId("never-bought")))).Code,
            (await RejectAsync(AccountId, new AdjustSubscription(Clock.GetUtcNow().AddDays(3), Tier.Paid, null))).Code,
        };

        // Assert
        Assert.Equal(
        [
            RejectionCodes.AccountExists, RejectionCodes.HostExists, RejectionCodes.HostNotFound, RejectionCodes.DeviceExists,
            RejectionCodes.DeviceNotFound, RejectionCodes.AutoRenewNotSupported, RejectionCodes.LicenceRequiresPaid,
            RejectionCodes.TransactionNotFound, RejectionCodes.Validation,
        ], codes);
        Assert.Equal(eventsBefore, Journal.Events(persistenceId));
        AssertSameView(viewBefore, await GetViewAsync(AccountId));
    }

    [Fact]
    public async Task Command_for_an_account_that_does_not_exist_writes_nothing()
    {
        // Act
        var rejection = await RejectAsync("acc-ghost", new AddHost(new HostId("h"), "Host", Samples.Sha256("h")));

        // Assert
        Assert.Equal(RejectionCodes.AccountNotFound, rejection.Code);
        Assert.Equal(0, Journal.EventCount(PersistenceIdOf("acc-ghost")));
    }

    [Fact]
    public async Task Repeated_purchase_with_the_same_transaction_is_accepted_without_a_second_event()
    {
        // Arrange
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        var first = await AcceptAsync(AccountId, new Purchase(Plan.Monthly, Channel.Web, new TransactionId("cb-r14")));

        // Act
        var again = await AcceptAsync(AccountId, new Purchase(Plan.Monthly, Channel.Web, new TransactionId("cb-r14")));

        // Assert (R14)
        AssertSameView(first, again);
        Assert.Equal(["ac", "pu"], ManifestsOf(AccountId));
    }

    [Fact]
    public async Task Repeated_purchase_with_a_device_registered_writes_neither_a_purchase_nor_a_notification()
    {
        // Arrange: the first purchase is notified to the device (purchase and notification in one write).
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        await AcceptAsync(AccountId, new AddDevice(new DeviceId("pixel"), Platform.Android, "Pixel", Samples.Sha256("d")));
        var first = await AcceptAsync(AccountId, new Purchase(Plan.Monthly, Channel.GooglePlay, new TransactionId("gpa-r14")));
        var eventsBefore = Journal.Events(PersistenceIdOf(AccountId));
        Assert.Equal(["ac", "da", "pu", "nr"], eventsBefore.Select(e => e.Manifest).Where(m => m != "ws"));

        // Act
        var again = await AcceptAsync(AccountId, new Purchase(Plan.Monthly, Channel.GooglePlay, new TransactionId("gpa-r14")));

        // Assert (R14): accepted as the same purchase, and nothing at all is written, no second "renewed" either.
        AssertSameView(first, again);
        Assert.Equal(eventsBefore, Journal.Events(PersistenceIdOf(AccountId)));
    }

    [Fact]
    public async Task Licence_refused_by_the_registry_writes_nothing_on_the_losing_account()
    {
        // Arrange
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        await AcceptAsync("acc-other", Samples.CreateAccount("acc-other"));
        await AcceptAsync("acc-other", new RegisterLicence(new LicenceKey("taken-1"), LicenceProduct.DesktopProSubscription));
        var eventsBefore = Journal.Events(PersistenceIdOf(AccountId));

        // Act
        var rejection = await RejectAsync(AccountId, new RegisterLicence(new LicenceKey("taken-1"), LicenceProduct.DesktopProSubscription));

        // Assert
        Assert.Equal(RejectionCodes.LicenceAlreadyRegistered, rejection.Code);
        Assert.Equal(eventsBefore, Journal.Events(PersistenceIdOf(AccountId)));
    }
}
