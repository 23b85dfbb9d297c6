using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Domain.Tests.Support;

/// <summary>Short constructors for store notifications, as the HTTP layer maps them onto the account.</summary>
internal static class StoreCmd
{
    public static ApplyStoreNotification Of(string id, Channel channel, DateTimeOffset occurredAt, StoreChange change) =>
        new(new StoreNotification(id, channel, occurredAt, change));

    public static ApplyStoreNotification Paid(string id, Channel channel, DateTimeOffset occurredAt, string transactionId, Plan plan,
        DateTimeOffset purchasedAt, DateTimeOffset expiresAt) =>
        Of(id, channel, occurredAt, new StoreChange.PeriodPaid(new TransactionId(transactionId), plan, purchasedAt, expiresAt));

    /// <summary>A period bought at <paramref name="purchasedAt"/> and reported at once, ending where the store's calendar ends it.</summary>
    public static ApplyStoreNotification Paid(string id, Channel channel, string transactionId, Plan plan, DateTimeOffset purchasedAt) =>
        Paid(id, channel, purchasedAt, transactionId, plan, purchasedAt, Plans.PeriodEnd(plan, purchasedAt));

    public static ApplyStoreNotification AutoRenew(string id, Channel channel, DateTimeOffset occurredAt, bool enabled) =>
        Of(id, channel, occurredAt, new StoreChange.AutoRenewSwitched(enabled));

    public static ApplyStoreNotification Grace(string id, Channel channel, DateTimeOffset occurredAt, DateTimeOffset? graceEndsAt) =>
        Of(id, channel, occurredAt, new StoreChange.BillingRetry(graceEndsAt));

    public static ApplyStoreNotification Lapsed(string id, Channel channel, DateTimeOffset occurredAt) =>
        Of(id, channel, occurredAt, new StoreChange.Lapsed());

    public static ApplyStoreNotification Revoked(string id, Channel channel, DateTimeOffset occurredAt, string transactionId) =>
        Of(id, channel, occurredAt, new StoreChange.Revoked(new TransactionId(transactionId)));
}
