using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;
using static ActorSubs.Node.Stores.StoreVerificationException;

namespace ActorSubs.Node.Stores.AppStore;

/// <summary>
/// App Store Server Notifications V2, verified, to the account's store changes (docs/api.md, store notifications). The
/// notification's <c>signedDate</c> orders it; the transaction's <c>transactionId</c> is the R14 id of docs/rules.md.
/// </summary>
public static class AppStoreNotificationMapper
{
    /// <summary>The types acted on; every other one is acknowledged and ignored.</summary>
    public static readonly IReadOnlySet<string> ActedOn = new HashSet<string>(StringComparer.Ordinal)
    {
        "SUBSCRIBED", "DID_RENEW", "DID_CHANGE_RENEWAL_STATUS", "DID_FAIL_TO_RENEW", "GRACE_PERIOD_EXPIRED", "EXPIRED", "REFUND", "REVOKE",
    };

    public static bool NeedsTransaction(AppStoreNotification n) => ActedOn.Contains(n.NotificationType);

    public static StoreMapping Map(AppStoreNotification n, AppStoreTransaction? t, AppStoreRenewalInfo? renewal,
        IReadOnlyDictionary<string, Plan> products, DateTimeOffset now)
    {
        if (!ActedOn.Contains(n.NotificationType)) return new StoreMapping.Ignored($"App Store notification type {n.NotificationType} is not acted on.");
        if (t is null) throw Malformed($"A {n.NotificationType} notification needs data.signedTransactionInfo.");

        var subscription = new StoreSubscription(StoreLinkKey.AppStore(t.OriginalTransactionId),
            AccountToken: t.AppAccountToken);
        if (n.NotificationType is "SUBSCRIBED" or "DID_RENEW" && !products.ContainsKey(t.ProductId))
            return new StoreMapping.UnknownProduct(subscription, n.NotificationUuid, t.ProductId);
        StoreChange change = n.NotificationType switch
        {
            "SUBSCRIBED" or "DID_RENEW" => PeriodPaid(t, products[t.ProductId]),
            "DID_CHANGE_RENEWAL_STATUS" => new StoreChange.AutoRenewSwitched(n.Subtype switch
            {
                "AUTO_RENEW_ENABLED" => true,
                "AUTO_RENEW_DISABLED" => false,
                _ => renewal?.AutoRenewStatus is { } status ? status == 1
                    : throw Malformed("DID_CHANGE_RENEWAL_STATUS has neither a known subtype nor renewal info."),
            }),
            // GRACE_PERIOD: Apple keeps service until the grace ends; otherwise it retries billing without service.
            "DID_FAIL_TO_RENEW" when n.Subtype == "GRACE_PERIOD" => new StoreChange.BillingRetry(
                renewal?.GracePeriodExpiresDate is { } grace ? DateTimeOffset.FromUnixTimeMilliseconds(grace) : null),
            "DID_FAIL_TO_RENEW" or "GRACE_PERIOD_EXPIRED" or "EXPIRED" => new StoreChange.Lapsed(),
            _ => new StoreChange.Revoked(StoreValues.Transaction(t.TransactionId, "transactionId")), // REFUND, REVOKE
        };
        var at = n.SignedDate is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
        return StoreMapping.Of(subscription, new StoreNotification(n.NotificationUuid, Channel.AppStore, at, change));
    }

    private static StoreChange.PeriodPaid PeriodPaid(AppStoreTransaction t, Plan plan)
    {
        var expires = t.ExpiresDate ?? throw Malformed("The transaction of a subscription has no expiresDate.");
        return new StoreChange.PeriodPaid(StoreValues.Transaction(t.TransactionId, "transactionId"), plan,
            DateTimeOffset.FromUnixTimeMilliseconds(t.PurchaseDate), DateTimeOffset.FromUnixTimeMilliseconds(expires));
    }
}
