using System.Collections.Immutable;

namespace ActorSubs.Domain;

/// <summary>
/// A server notification from a store, already verified and decoded by the HTTP layer: the store's own id for it
/// (App Store <c>notificationUUID</c>, Pub/Sub <c>messageId</c>, Cleverbridge <c>eventId</c>), the store's channel,
/// the instant the store says the change happened, and the change. Decided by <see cref="StoreNotificationDecider"/>.
/// </summary>
public sealed record StoreNotification(string NotificationId, Channel Channel, DateTimeOffset OccurredAt, StoreChange Change);

/// <summary>The closed set of changes a store reports about one subscription.</summary>
public abstract record StoreChange
{
    private StoreChange()
    {
    }

    /// <summary>
    /// A paid period bought or renewed. <paramref name="TransactionId"/> is the R14 id of docs/rules.md: App Store transactionId,
    /// Play latestOrderId, Cleverbridge purchaseId.
    /// </summary>
    public sealed record PeriodPaid(TransactionId TransactionId, Plan Plan, DateTimeOffset PurchasedAt, DateTimeOffset ExpiresAt) : StoreChange;

    /// <summary>Auto-renew switched on or off at the store (for app-store the only way it changes, R9).</summary>
    public sealed record AutoRenewSwitched(bool Enabled) : StoreChange;

    /// <summary>A renewal failed; the store keeps service until <paramref name="GraceEndsAt"/> (null: the configured grace).</summary>
    public sealed record BillingRetry(DateTimeOffset? GraceEndsAt) : StoreChange;

    /// <summary>The grace is over or the subscription expired at the store: service ends at the expiry.</summary>
    public sealed record Lapsed : StoreChange;

    /// <summary>A transaction refunded, revoked or charged back by the store (R12, Apple's refunds included).</summary>
    public sealed record Revoked(TransactionId TransactionId) : StoreChange;
}

/// <summary>Where the store says billing stands: renewed (or never failed), retrying in a grace, or over.</summary>
public enum StoreBilling { Current, Grace, Lapsed }

/// <summary>
/// The newest auto-renew fact applied, with what orders it (the store's instant, then its notification id), so an
/// older fact arriving later changes nothing.
/// </summary>
public sealed record AutoRenewReport(bool Enabled, DateTimeOffset OccurredAt, string NotificationId)
{
    public bool IsNewerThan(AutoRenewReport? other) => other is null || StoreOrder.Newer(OccurredAt, NotificationId, other.OccurredAt, other.NotificationId);
}

/// <summary>The newest billing fact applied (a paid period counts as <see cref="StoreBilling.Current"/>), ordered like <see cref="AutoRenewReport"/>.</summary>
public sealed record BillingReport(StoreBilling Billing, DateTimeOffset? GraceEndsAt, DateTimeOffset OccurredAt, string NotificationId)
{
    public bool IsNewerThan(BillingReport? other) => other is null || StoreOrder.Newer(OccurredAt, NotificationId, other.OccurredAt, other.NotificationId);
}

internal static class StoreOrder
{
    // Two facts of one instant are ordered by their ids: arbitrary, but the same whichever arrives first.
    public static bool Newer(DateTimeOffset at, string id, DateTimeOffset otherAt, string otherId) =>
        at != otherAt ? at > otherAt : string.CompareOrdinal(id, otherId) > 0;
}

/// <summary>
/// What an account remembers of its store notifications, so that duplicates and reordering change nothing: the ids
/// applied lately (bounded), the newest auto-renew and billing facts, transactions revoked before their purchase was
/// seen (tombstones), and the expiry of the unpaid period the first store period replaced (R4).
/// </summary>
public sealed record StoreLedger
{
    /// <summary>How many notification ids an account remembers; stores retry within hours, not hundreds of notifications.</summary>
    public const int RememberedNotifications = 500;

    public static readonly StoreLedger Empty = new();

    /// <summary>Ids of the notifications applied, oldest first, at most <see cref="RememberedNotifications"/>.</summary>
    public ImmutableList<string> RecentNotificationIds { get; init; } = ImmutableList<string>.Empty;

    public AutoRenewReport? AutoRenew { get; init; }

    public BillingReport? Billing { get; init; }

    /// <summary>Transactions revoked before their purchase arrived, with the instant the store gave for the revocation.</summary>
    public ImmutableDictionary<string, DateTimeOffset> RevokedUnseen { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    /// <summary>The expiry of the trial or free period when the first store period arrived; null if the account was already paid.</summary>
    public DateTimeOffset? UnpaidExpiresAt { get; init; }

    public bool HasSeen(string notificationId) => RecentNotificationIds.Contains(notificationId);

    public StoreLedger Remember(string notificationId)
    {
        var ids = RecentNotificationIds.Add(notificationId);
        return this with { RecentNotificationIds = ids.Count > RememberedNotifications ? ids.RemoveRange(0, ids.Count - RememberedNotifications) : ids };
    }
}
