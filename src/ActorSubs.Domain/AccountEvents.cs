namespace ActorSubs.Domain;

/// <summary>
/// A fact about one account, as written to the journal. Events carry the values they result in (the new
/// expiry, the new tier), so replaying them never depends on the configuration or the clock of the replay.
/// Each has a short stable manifest in the event serializer: rename freely, never reuse a manifest.
/// </summary>
public interface IAccountEvent
{
    DateTimeOffset At { get; }
}

public static class AccountEvents
{
    public sealed record AccountCreated(
        AccountId AccountId, string Email, string ApiKeyHash, DateTimeOffset At, DateTimeOffset TrialEndsAt) : IAccountEvent;

    /// <summary>R3 in docs/rules.md, R4. <paramref name="PreviousExpiresAt"/> is the expiry the purchase replaced, which a refund restores.</summary>
    public sealed record Purchased(
        TransactionId TransactionId, Plan Plan, Channel Channel, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
        DateTimeOffset PreviousExpiresAt, bool AutoRenew, DateTimeOffset At) : IAccountEvent;

    public sealed record AutoRenewChanged(bool Enabled, DateTimeOffset At) : IAccountEvent;

    /// <summary>R5–R7. <paramref name="ExpiresAt"/> is the expiry after registration (unchanged for Desktop Pro).</summary>
    public sealed record LicenceRegistered(
        LicenceKey Key, LicenceProduct Product, DateTimeOffset ExpiresAt, DateTimeOffset At) : IAccountEvent;

    public sealed record LicencePackPurchased(TransactionId TransactionId, DateTimeOffset At) : IAccountEvent;

    public sealed record HostAdded(HostId HostId, string Name, string TokenHash, DateTimeOffset At) : IAccountEvent;

    public sealed record HostRemoved(HostId HostId, DateTimeOffset At) : IAccountEvent;

    public sealed record DeviceAdded(
        DeviceId DeviceId, Platform Platform, string Name, string TokenHash, DateTimeOffset At) : IAccountEvent;

    public sealed record DeviceRemoved(DeviceId DeviceId, DateTimeOffset At) : IAccountEvent;

    /// <summary>R12: a refunded transaction and the subscription that remains once its period is revoked.</summary>
    public sealed record Refunded(
        TransactionId TransactionId, DateTimeOffset ExpiresAt, Tier Tier, Plan? Plan, Channel? Channel, bool AutoRenew,
        DateTimeOffset At) : IAccountEvent;

    public sealed record SubscriptionAdjusted(
        DateTimeOffset ExpiresAt, Tier Tier, Plan? Plan, Channel? Channel, DateTimeOffset At) : IAccountEvent;

    /// <summary>R13. <paramref name="DropOldest"/> outbox entries are dropped to keep the outbox bounded.</summary>
    public sealed record NotificationRaised(Notification Notification, string[] Recipients, int DropOldest, DateTimeOffset At) : IAccountEvent;

    public sealed record NotificationAcknowledged(string NotificationId, DeviceId DeviceId, DateTimeOffset At) : IAccountEvent;

    /// <summary>R9: an auto-renew charge succeeded; the new period follows the old one without a gap.</summary>
    public sealed record RenewalCharged(
        TransactionId TransactionId, Plan Plan, Channel Channel, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
        DateTimeOffset At) : IAccountEvent;

    /// <summary>R9: an auto-renew charge was declined; service is kept until the grace period ends.</summary>
    public sealed record RenewalDeclined(int Attempt, string Reason, DateTimeOffset? NextAttemptAt, DateTimeOffset At) : IAccountEvent;

    /// <summary>
    /// The account's next due instant changed to <paramref name="DueAt"/> (null: nothing is due any more) from
    /// <paramref name="Replaces"/>. Written in the same batch as the change that moved it, and tagged in the journal,
    /// so the durable wake-up index learns of it from the journal itself: a crash can lose neither without the other.
    /// </summary>
    public sealed record WakeupScheduled(DateTimeOffset? DueAt, DateTimeOffset? Replaces, DateTimeOffset At) : IAccountEvent;

    /// <summary>
    /// Store notifications: <paramref name="NotificationId"/> was applied (first in its batch; alone when the fact
    /// was older than what the account already knows). Remembered, so the same notification again is a no-op.
    /// </summary>
    public sealed record StoreNotificationSeen(string NotificationId, Channel Channel, DateTimeOffset OccurredAt, DateTimeOffset At) : IAccountEvent;

    /// <summary>
    /// Store notifications, R4, R14: a paid period the store reports (its purchase date and the store's expiry). When
    /// <paramref name="Revoked"/> (its revocation arrived first) it is kept as refunded and grants nothing. The subscription
    /// it leads to is <paramref name="Result"/>; <paramref name="Billing"/> is set when it is the newest billing fact.
    /// </summary>
    public sealed record StorePeriodRecorded(
        TransactionId TransactionId, Plan Plan, Channel Channel, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool Revoked,
        DateTimeOffset? UnpaidExpiresAt, BillingReport? Billing, SubscriptionTerms Result, DateTimeOffset At) : IAccountEvent;

    /// <summary>Store notifications, R9: the newest auto-renew fact, and the auto-renew it leaves the account with.</summary>
    public sealed record StoreAutoRenewReported(AutoRenewReport Report, bool AutoRenew, DateTimeOffset At) : IAccountEvent;

    /// <summary>Store notifications, R9, R10: the newest billing fact (grace with its end, or lapsed).</summary>
    public sealed record StoreBillingReported(BillingReport Report, DateTimeOffset At) : IAccountEvent;

    /// <summary>Store notifications, R12: a transaction revoked before its purchase was seen; the purchase will grant nothing.</summary>
    public sealed record StoreRevocationNoted(TransactionId TransactionId, DateTimeOffset OccurredAt, DateTimeOffset At) : IAccountEvent;
}

/// <summary>The subscription a store notification leaves the account with.</summary>
public sealed record SubscriptionTerms(Tier Tier, Plan? Plan, Channel? Channel, DateTimeOffset ExpiresAt, bool AutoRenew);
