using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;

namespace ActorSubs.Node.Stores.Cleverbridge;

/// <summary>
/// A verified Cleverbridge event to the account's store changes. The web cart passes the account id itself; the
/// <c>purchaseId</c> is the R14 transaction id of docs/rules.md and <c>occurredAt</c> orders the event.
/// </summary>
public static class CleverbridgeNotificationMapper
{
    public static StoreMapping Map(CleverbridgeEvent e)
    {
        if (!WireNames.TryParse<Plan>(e.Plan, out var plan))
            throw StoreVerificationException.Malformed(
                $"plan '{e.Plan}' is not one of {string.Join(", ", WireNames.All<Plan>())}.");
        var subscription = new StoreSubscription(StoreLinkKey.Cleverbridge(e.SubscriptionId), AccountId: e.AccountId);
        StoreChange change = e.EventType switch
        {
            "purchase" or "renewal" => new StoreChange.PeriodPaid(StoreValues.Transaction(e.PurchaseId, "purchaseId"), plan, e.OccurredAt,
                e.NextBillingAt ?? Plans.PeriodEnd(plan, e.OccurredAt)),
            "renewal-failed" => new StoreChange.BillingRetry(null),
            "auto-renew-off" => new StoreChange.AutoRenewSwitched(false),
            "auto-renew-on" => new StoreChange.AutoRenewSwitched(true),
            "refund" or "chargeback" => new StoreChange.Revoked(StoreValues.Transaction(e.PurchaseId, "purchaseId")),
            "deactivated" => new StoreChange.Lapsed(),
            _ => throw StoreVerificationException.Malformed($"eventType '{e.EventType}' is not known."),
        };
        return StoreMapping.Of(subscription, new StoreNotification(e.EventId, Channel.Web, e.OccurredAt, change));
    }
}
