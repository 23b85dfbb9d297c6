using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Cluster.Licences;
using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;
using static ActorSubs.Domain.AccountCommands;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Cluster.Tests.Support;

/// <summary>Realistic instances of every message, event and state type, with every collection non-empty.</summary>
public static class Samples
{
    public static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 15, 123, TimeSpan.Zero);

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static CreateAccount CreateAccount(string accountId) =>
        new(new AccountId(accountId), $"{accountId}@example.com", Sha256("api-key-of-" + accountId));

    /// <summary>One instance of every <see cref="IAccountCommand"/>, nullable members both set and unset.</summary>
    public static IReadOnlyList<IAccountCommand> EveryCommand() =>
    [
        CreateAccount("acc-7f3a"),
        new Purchase(Plan.Annual, Channel.GooglePlay, new TransactionId("GPA.3372-9981-2251")),
        new SetAutoRenew(true),
        new RegisterLicence(new LicenceKey("pdpro-4k2j-99zz"), LicenceProduct.DesktopProSubscription),
        new BuyLicencePack(new TransactionId("cb-100234")),
        new AddHost(new HostId("mac-studio.office"), "Mac Studio (office)", Sha256("host-token")),
        new RemoveHost(new HostId("old-macbook")),
        new AddDevice(new DeviceId("ipad-pro-11"), Platform.Ios, "Anna's iPad", Sha256("device-token")),
        new RemoveDevice(new DeviceId("pixel-7")),
        new Refund(new TransactionId("cb-100234")),
        new AdjustSubscription(At.AddDays(30), Tier.Paid, Plan.Monthly),
        new AdjustSubscription(At.AddDays(3), null, null),
        new AcknowledgeNotification(new DeviceId("ipad-pro-11"), "n7"),
        new RecordRenewalCharge(new TransactionId("sim-web-acc-7f3a-1"), 1),
        new RecordRenewalDecline(2, "card expired"),
        new ApplyStoreNotification(new StoreNotification("5b1f6a8e-apple", Channel.AppStore, At,
            new StoreChange.PeriodPaid(new TransactionId("2000000812345678"), Plan.Annual, At, At.AddYears(1)))),
        new ApplyStoreNotification(new StoreNotification("pubsub-9913", Channel.GooglePlay, At, new StoreChange.AutoRenewSwitched(false))),
        new ApplyStoreNotification(new StoreNotification("pubsub-9914", Channel.GooglePlay, At, new StoreChange.BillingRetry(At.AddDays(16)))),
        new ApplyStoreNotification(new StoreNotification("pubsub-9915", Channel.GooglePlay, At, new StoreChange.BillingRetry(null))),
        new ApplyStoreNotification(new StoreNotification("cb-evt-77", Channel.Web, At, new StoreChange.Lapsed())),
        new ApplyStoreNotification(new StoreNotification("cb-evt-78", Channel.Web, At, new StoreChange.Revoked(new TransactionId("cb-100234")))),
    ];

    public static BuyPrompt Prompt() => new("buy-subscription", "https://my.parallels.com/account/acc-7f3a", ["monthly", "annual"],
        "Your subscription has expired.");

    public static Notification ExpiredNotification() => new("n7", NotificationKind.SubscriptionExpired, At,
        new NotificationData { ExpiresAt = At, DueAt = At, SessionEndsAt = At.AddMinutes(5), Prompt = Prompt() });

    public static Notification ReminderNotification() => new("n6", NotificationKind.ExpiringSoon, At.AddDays(-1),
        new NotificationData { ExpiresAt = At, Lead = TimeSpan.FromDays(1) });

    public static AccountView View() => new(
        "acc-7f3a", "anna@example.com", At.AddDays(-40),
        new SubscriptionView(Tier.Paid, Plan.Biennial, Channel.Web, SubscriptionStatus.Expiring, At.AddDays(5),
            At.AddDays(-9), AutoRenew: true, AutoRenewSupported: true),
        HostLimit: 15, LicencePacks: 1,
        [new HostView("mac-studio.office", "Mac Studio (office)", At.AddDays(-39), Online: true), new HostView("mbp-home", "MacBook Pro", At.AddDays(-2), Online: false)],
        [new DeviceView("ipad-pro-11", Platform.Ios, "Anna's iPad", At.AddDays(-38)), new DeviceView("pixel-7", Platform.Android, "Pixel 7", At.AddHours(-1))],
        [new LicenceView("PDPRO-4K2J-99ZZ", LicenceProduct.DesktopProSubscription, At.AddDays(-20)),
         new LicenceView("PD19-PERM-0001", LicenceProduct.DesktopPermanent, At.AddDays(-10))],
        StoreAccountToken.Text(new AccountId("acc-7f3a")));

    public static Rejection Rejection() => Domain.Rejection.Conflict(RejectionCodes.HostLimitReached,
        "This subscription allows 5 hosts and all are in use; remove a host or buy a licence pack (+5).",
        new NumberField("limit", 5), new TimeField("renewalOpensAt", At.AddDays(-9)), new TextField("field", "hostId"));

    /// <summary>Every message that crosses the wire: the account, licence and gateway protocols, one per case worth naming.</summary>
    public static IReadOnlyList<(string Name, object Message)> EveryWireMessage()
    {
        var messages = new List<(string, object)>();
        foreach (var command in EveryCommand())
            messages.Add(($"Execute({Describe(command)})", new AccountProtocol.Execute("acc-7f3a", command, Caller.Operator)));
        messages.Add(("Execute(by API key holder)", new AccountProtocol.Execute("acc-7f3a", new SetAutoRenew(false), Caller.WithKey(Sha256("k")))));
        messages.Add(("Get(operator)", new AccountProtocol.Get("acc-7f3a", Caller.Operator)));
        messages.Add(("Get(API key holder)", new AccountProtocol.Get("acc-7f3a", Caller.WithKey(Sha256("k")))));
        messages.Add(("Get(anonymous)", new AccountProtocol.Get("acc-7f3a", Caller.Anonymous)));
        messages.Add(("Accepted(view with hosts, devices, licences)", new AccountProtocol.Accepted(View())));
        messages.Add(("Accepted(trial view, nothing registered)", new AccountProtocol.Accepted(new AccountView(
            "acc-new", "new@example.com", At, new SubscriptionView(Tier.Trial, null, null, SubscriptionStatus.Active, At.AddDays(14), null, false, false),
            5, 0, [], [], [], StoreAccountToken.Text(new AccountId("acc-new"))))));
        messages.Add(("Rejected(with problem fields)", new AccountProtocol.Rejected(Rejection())));
        messages.Add(("Rejected(no fields)", new AccountProtocol.Rejected(Domain.Rejection.NotFound(RejectionCodes.AccountNotFound, "No account 'x'."))));
        messages.Add(("GetNotifications(operator)", new AccountProtocol.GetNotifications("acc-7f3a", Caller.Operator)));
        messages.Add(("GetNotifications(API key holder)", new AccountProtocol.GetNotifications("acc-7f3a", Caller.WithKey(Sha256("k")))));
        var expired = ExpiredNotification();
        var reminder = ReminderNotification();
        messages.Add(("NotificationsView(pending for devices)", new AccountProtocol.NotificationsView(
        [
            new AccountProtocol.PendingNotificationView(reminder.Id, reminder.Kind, reminder.At, reminder.Data, ["ipad-pro-11", "pixel-7"]),
            new AccountProtocol.PendingNotificationView(expired.Id, expired.Kind, expired.At, expired.Data, ["ipad-pro-11"]),
        ], 2)));
        messages.Add(("NotificationsView(nothing pending)", new AccountProtocol.NotificationsView([], 0)));
        messages.Add(("Caller", Caller.WithKey(Sha256("k"))));
        messages.Add(("LicenceProtocol.Claim", new LicenceProtocol.Claim("PDPRO-4K2J-99ZZ", "acc-7f3a")));
        messages.Add(("LicenceProtocol.Granted", new LicenceProtocol.Granted("PDPRO-4K2J-99ZZ")));
        messages.Add(("LicenceProtocol.Refused", new LicenceProtocol.Refused("PDPRO-4K2J-99ZZ")));
        var longKey = StoreLinkKey.GooglePlay("opaque-purchase-token-" + new string('x', 140));
        messages.Add(("StoreLink.Link", new StoreLinkProtocol.Link(StoreLinkKey.AppStore("2000000123456789"), "acc-7f3a")));
        messages.Add(("StoreLink.Resolve", new StoreLinkProtocol.Resolve(longKey)));
        messages.Add(("StoreLink.Linked", new StoreLinkProtocol.Linked(longKey, "acc-7f3a")));
        messages.Add(("StoreLink.LinkRefused", new StoreLinkProtocol.LinkRefused(StoreLinkKey.Cleverbridge("sub-881"))));
        messages.Add(("StoreLink.Resolved", new StoreLinkProtocol.Resolved(longKey, "acc-7f3a")));
        messages.Add(("StoreLink.Resolved(no link)", new StoreLinkProtocol.Resolved(longKey, null)));
        messages.Add(("Parked.Park", new ParkedProtocol.Park(ParkedNotification())));
        messages.Add(("Parked.ParkStored", new ParkedProtocol.ParkStored(true)));
        messages.Add(("Parked.GetParked", ParkedProtocol.GetParked.Instance));
        messages.Add(("Parked.ParkedList", new ParkedProtocol.ParkedList(3, [ParkedNotification()])));
        messages.AddRange(MessagesCarrying(Akka.Actor.ActorRefs.Nobody));
        messages.Add(("Wakeup.Register", new WakeupProtocol.Register("20260302090000-3",
            [new WakeupEntry("acc-7f3a", At.AddMinutes(30))], [new WakeupEntry("acc-9b1c", At.AddMinutes(20))])));
        messages.Add(("Wakeup.Registered", new WakeupProtocol.Registered("20260302090000-3")));
        messages.Add(("Wakeup.Drained", new WakeupProtocol.Drained("20260302090000-3")));
        messages.Add(("Wakeup.BucketFilled", new WakeupProtocol.BucketFilled("20260302090000-3")));
        messages.Add(("Wakeup.BucketFillNoted", new WakeupProtocol.BucketFillNoted("20260302090000-3")));
        messages.Add(("Wakeup.Activate", new WakeupProtocol.Activate("20260302090000-3")));
        messages.Add(("Wakeup.Wake", new WakeupProtocol.Wake("acc-7f3a", "20260302090000-3", At.AddMinutes(30))));
        messages.Add(("Wakeup.WakeAcknowledged", new WakeupProtocol.WakeAcknowledged("20260302090000-3", "acc-7f3a", At.AddMinutes(30))));
        messages.Add(("Gateway.Attached", new GatewayProtocol.Attached("s-1", View().Subscription, At.AddMinutes(5), Prompt(),
            [ExpiredNotification(), ReminderNotification()], 3)));
        messages.Add(("Gateway.Attached(nothing pending, no cut)", new GatewayProtocol.Attached("s-2",
            new SubscriptionView(Tier.Trial, null, null, SubscriptionStatus.Active, At.AddDays(14), null, false, false), null, null, [], 0)));
        messages.Add(("Gateway.AttachRefused", new GatewayProtocol.AttachRefused("s-1", "invalid-token", "no")));
        messages.Add(("Gateway.Acknowledge", new GatewayProtocol.Acknowledge("acc-7f3a", "ipad-pro-11", "n7")));
        messages.Add(("Gateway.Push", new GatewayProtocol.Push(ExpiredNotification())));
        messages.Add(("Gateway.Push(renewal failed, prompt without url or products)", new GatewayProtocol.Push(new Notification("n8",
            NotificationKind.RenewalFailed, At, new NotificationData
            {
                Attempt = 2, GraceEndsAt = At.AddDays(7), NextAttemptAt = At.AddDays(1),
                Prompt = new BuyPrompt("manage-auto-renew", null, null, "Your card was declined."),
            }))));
        messages.Add(("Gateway.LimitLifted", GatewayProtocol.LimitLifted.Instance));
        messages.Add(("Gateway.Revoked", new GatewayProtocol.Revoked("the device was removed")));
        messages.Add(("Gateway.ChannelRefused", new GatewayProtocol.ChannelRefused("c-1", "host-offline", "not connected")));
        messages.Add(("Gateway.RelayData", new GatewayProtocol.RelayData("c-1", "{\"k\":[1,2,3]}")));
        messages.Add(("Gateway.ChannelClosed", new GatewayProtocol.ChannelClosed("c-1")));
        return messages;
    }

    /// <summary>
    /// The gateway messages that carry a session's actor ref, around <paramref name="session"/>: with
    /// <c>ActorRefs.Nobody</c> in <see cref="EveryWireMessage"/>, with a live actor in the spec that proves a real
    /// ref (Akka's <c>ActorRefBase.Surrogate</c> on the wire) passes the allow-list.
    /// </summary>
    public static IReadOnlyList<(string Name, object Message)> MessagesCarrying(Akka.Actor.IActorRef session) =>
    [
        ("Gateway.Attach", new GatewayProtocol.Attach("acc-7f3a", AgentKind.Device, "ipad-pro-11", Sha256("t"), "s-1", session, At)),
        ("Gateway.Attach(host)", new GatewayProtocol.Attach("acc-7f3a", AgentKind.Host, "mbp-home", Sha256("h"), "s-2", session, At.AddHours(1))),
        ("Gateway.OpenChannel", new GatewayProtocol.OpenChannel("acc-7f3a", "ipad-pro-11", "mbp-home", "c-1", session)),
        ("Gateway.ChannelRequest", new GatewayProtocol.ChannelRequest("c-1", "ipad-pro-11", session)),
        ("Gateway.ChannelAccepted", new GatewayProtocol.ChannelAccepted("c-1", session)),
        ("Gateway.ForSessions", new GatewayProtocol.ForSessions([
            new GatewayProtocol.SessionLetter(session, new GatewayProtocol.Push(ExpiredNotification())),
            new GatewayProtocol.SessionLetter(session, GatewayProtocol.LimitLifted.Instance),
            new GatewayProtocol.SessionLetter(session, new GatewayProtocol.Revoked("replaced by a newer connection")),
        ])),
    ];

    private static string Describe(IAccountCommand command) => command switch
    {
        AdjustSubscription { Tier: null } => "AdjustSubscription, tier and plan unset",
        ApplyStoreNotification { Notification.Change: StoreChange.BillingRetry { GraceEndsAt: null } } =>
            "ApplyStoreNotification, BillingRetry with the configured grace",
        ApplyStoreNotification a => $"ApplyStoreNotification, {a.Notification.Change.GetType().Name}",
        _ => command.GetType().Name,
    };

    public static AccountState State() => AccountState.Create(new AccountCreated(
            new AccountId("acc-7f3a"), "anna@example.com", Sha256("api-key"), At.AddDays(-40), At.AddDays(-26))) with
    {
        Tier = Tier.Paid,
        UnpaidTier = Tier.Free,
        Plan = Plan.Annual,
        Channel = Channel.Web,
        ExpiresAt = At.AddYears(1),
        AutoRenew = true,
        LicencePacks = 1,
        Hosts = ImmutableDictionary<string, Host>.Empty
            .Add("mac-studio.office", new Host(new HostId("mac-studio.office"), "Mac Studio", Sha256("h1"), At.AddDays(-39)))
            .Add("mbp-home", new Host(new HostId("mbp-home"), "MacBook Pro", Sha256("h2"), At.AddDays(-2))),
        Devices = ImmutableDictionary<string, Device>.Empty
            .Add("ipad-pro-11", new Device(new DeviceId("ipad-pro-11"), Platform.Ios, "Anna's iPad", Sha256("d1"), At.AddDays(-38))),
        Licences = ImmutableList.Create(
            new Licence(new LicenceKey("PDPRO-4K2J-99ZZ"), LicenceProduct.DesktopProSubscription, At.AddDays(-20)),
            new Licence(new LicenceKey("PD19-PERM-0001"), LicenceProduct.DesktopPermanent, At.AddDays(-10))),
        Transactions = ImmutableDictionary<string, Transaction>.Empty
            .Add("cb-1", new Transaction(new TransactionId("cb-1"), TransactionKind.Purchase, Plan.Annual, Channel.Web,
                At.AddDays(-26), At.AddDays(339), At.AddDays(-26), Refunded: false))
            .Add("cb-2", new Transaction(new TransactionId("cb-2"), TransactionKind.LicencePack, null, null, null, null, null, Refunded: true))
            .Add("2000000812345678", new Transaction(new TransactionId("2000000812345678"), TransactionKind.Purchase, Plan.Monthly,
                Channel.AppStore, At.AddDays(-60), At.AddDays(-29), At.AddDays(-50), Refunded: true) { ReportedByStore = true }),
        Outbox = ImmutableList.Create(new PendingNotification(ExpiredNotification(), ["ipad-pro-11", "pixel-7"], ["pixel-7"])),
        NotificationSequence = 7,
        DroppedNotifications = 2,
        ExpiryNotifiedFor = At,
        RemindedExpiry = At,
        SmallestLeadReminded = TimeSpan.FromDays(1),
        RenewalAttemptsFor = At,
        RenewalAttempts = 2,
        NextRenewalAttemptAt = At.AddDays(1),
        Store = StoreLedger.Empty.Remember("5b1f6a8e-apple").Remember("pubsub-9913") with
        {
            AutoRenew = new AutoRenewReport(true, At.AddDays(-3), "pubsub-9913"),
            Billing = new BillingReport(StoreBilling.Grace, At.AddDays(16), At.AddDays(-2), "5b1f6a8e-apple"),
            RevokedUnseen = ImmutableDictionary<string, DateTimeOffset>.Empty.Add("cb-77", At.AddDays(-4)),
            UnpaidExpiresAt = At.AddDays(-50),
        },
    };

    /// <summary>What the journal stores: every event type, the account snapshot, and the licence registry's event.</summary>
    public static IReadOnlyList<object> EveryJournalValue() =>
    [
        new AccountCreated(new AccountId("acc-7f3a"), "anna@example.com", Sha256("api-key"), At, At.AddDays(14)),
        new Purchased(new TransactionId("cb-1"), Plan.Biennial, Channel.AppStore, At.AddDays(14), At.AddDays(14).AddYears(2), At.AddDays(14), true, At),
        new AutoRenewChanged(false, At),
        new LicenceRegistered(new LicenceKey("pd19-perm-0001"), LicenceProduct.DesktopPermanent, At.AddMonths(3), At),
        new LicencePackPurchased(new TransactionId("cb-2"), At),
        new HostAdded(new HostId("mac-studio.office"), "Mac Studio (office)", Sha256("h1"), At),
        new HostRemoved(new HostId("mac-studio.office"), At),
        new DeviceAdded(new DeviceId("pixel-7"), Platform.Android, "Pixel 7", Sha256("d2"), At),
        new DeviceRemoved(new DeviceId("pixel-7"), At),
        new Refunded(new TransactionId("cb-3"), At.AddMonths(1), Tier.Paid, Plan.Monthly, Channel.Web, false, At),
        new Refunded(new TransactionId("cb-1"), At.AddDays(14), Tier.Trial, null, null, false, At),
        new SubscriptionAdjusted(At.AddDays(30), Tier.Paid, Plan.Monthly, Channel.Web, At),
        new SubscriptionAdjusted(At.AddDays(3), Tier.Free, null, null, At),
        new NotificationRaised(ExpiredNotification(), ["ipad-pro-11"], 1, At),
        new NotificationRaised(ReminderNotification(), [], 0, At),
        new NotificationAcknowledged("n7", new DeviceId("ipad-pro-11"), At),
        new RenewalCharged(new TransactionId("sim-web-1"), Plan.Annual, Channel.Web, At, At.AddYears(1), At),
        new RenewalDeclined(1, "card expired", At.AddDays(1), At),
        new RenewalDeclined(3, "card expired", null, At),
        State(),
        new WakeupScheduled(At.AddDays(7), At.AddDays(6), At),
        new WakeupScheduled(null, At.AddDays(6), At),
        new WakeupsFiled([new WakeupEntry("acc-7f3a", At.AddDays(7))], [new WakeupEntry("acc-7f3a", At.AddDays(6))]),
        new WakeupsDelivered([new WakeupEntry("acc-7f3a", At.AddDays(7)), new WakeupEntry("acc-9b1c", At.AddDays(7))]),
        new WakeupSpanFilled(At),
        new WakeupSpanDrained(At),
        new WakeupClockSnapshot([At, At.AddMinutes(10)]),
        new WakeupFeedAdvanced(4711),
        new LicenceClaimed("PD19-PERM-0001", "acc-7f3a", At),
        new StoreNotificationSeen("5b1f6a8e-apple", Channel.AppStore, At.AddMinutes(-3), At),
        new StorePeriodRecorded(new TransactionId("2000000812345678"), Plan.Annual, Channel.AppStore, At.AddDays(-1), At.AddDays(-1).AddYears(1),
            false, At.AddDays(10), new BillingReport(StoreBilling.Current, null, At.AddMinutes(-3), "5b1f6a8e-apple"),
            new SubscriptionTerms(Tier.Paid, Plan.Annual, Channel.AppStore, At.AddDays(10).AddYears(1), true), At),
        new StorePeriodRecorded(new TransactionId("GPA.3372-9981-2251..0"), Plan.Monthly, Channel.GooglePlay, At, At.AddMonths(1),
            true, null, null, new SubscriptionTerms(Tier.Trial, null, null, At.AddDays(14), false), At),
        new StoreAutoRenewReported(new AutoRenewReport(false, At.AddMinutes(-1), "pubsub-9913"), false, At),
        new StoreBillingReported(new BillingReport(StoreBilling.Grace, At.AddDays(16), At.AddMinutes(-2), "pubsub-9914"), At),
        new StoreBillingReported(new BillingReport(StoreBilling.Lapsed, null, At.AddMinutes(-2), "cb-evt-77"), At),
        new StoreRevocationNoted(new TransactionId("cb-100234"), At.AddMinutes(-5), At),
        new StoreLinked(StoreLinkKey.AppStore("2000000812345678"), "acc-7f3a", At),
        new NotificationParked(ParkedNotification()),
        new ParkedSnapshot(1204, [ParkedNotification(), ParkedNotification() with { Store = StoreName.Cleverbridge, Reason = "account-not-found" }]),
    ];

    public static ParkedNotification ParkedNotification() =>
        new(StoreName.GooglePlay, "pubsub-9920", At, "no-account-linked", "opaque-purchase-token-" + new string('x', 140));
}
