using System.Globalization;
using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;

namespace ActorSubs.Node.Stores.GooglePlay;

/// <summary>
/// A Google Play push to the account's store changes. As Google requires, what changed is read from the subscription's
/// state in the Play Developer API, not from the notification's type; only REVOKED (12) and a voided purchase say
/// something the state does not. The order id (<c>latestOrderId</c>) is the R14 transaction id of docs/rules.md.
/// </summary>
public static class PlayNotificationMapper
{
    public const int Purchased = 4;
    public const int Revoked = 12;

    /// <summary>What needs no read of the Play Developer API: a test, a voided purchase (whose purchase may be gone).</summary>
    public static StoreMapping? WithoutState(PubSubPush push)
    {
        var n = push.Notification;
        if (n.VoidedPurchaseNotification is { } voided)
        {
            // productType 2 is a one-time product; only subscriptions are sold.
            if (voided.ProductType == 2) return new StoreMapping.Ignored("A voided one-time product is not a subscription.");
            var subscription = new StoreSubscription(StoreLinkKey.GooglePlay(voided.PurchaseToken!));
            return StoreMapping.Of(subscription, new StoreNotification(push.MessageId, Channel.GooglePlay, OccurredAt(push),
                new StoreChange.Revoked(StoreValues.Transaction(voided.OrderId, "voidedPurchaseNotification.orderId"))));
        }
        if (n.SubscriptionNotification is null) return new StoreMapping.Ignored("A test or one-time product notification.");
        return null;
    }

    public static StoreMapping Map(PubSubPush push, SubscriptionPurchaseV2 state, IReadOnlyDictionary<string, Plan> products)
    {
        var n = push.Notification.SubscriptionNotification!;
        var subscription = new StoreSubscription(StoreLinkKey.GooglePlay(n.PurchaseToken!),
            AccountToken: state.ExternalAccountIdentifiers?.ObfuscatedExternalAccountId);
        var at = OccurredAt(push);
        StoreNotification Notification(StoreChange change, string suffix = "") => new(push.MessageId + suffix, Channel.GooglePlay, at, change);

        if (n.NotificationType == Revoked)
            return StoreMapping.Of(subscription, Notification(new StoreChange.Revoked(Order(state))));

        var line = state.LineItems is { Count: > 0 } items ? items[0] : null;
        switch (state.SubscriptionState)
        {
            case "SUBSCRIPTION_STATE_ACTIVE" or "SUBSCRIPTION_STATE_CANCELED":
                var productId = line?.ProductId ?? throw Unreadable("a line item with a productId");
                if (!products.TryGetValue(productId, out var plan)) return new StoreMapping.UnknownProduct(subscription, push.MessageId, productId);
                var purchasedAt = n.NotificationType == Purchased && state.StartTime is { } start ? start : at;
                // Canceled: the user switched auto-renew off; the period paid still runs to its expiry.
                var autoRenew = state.SubscriptionState == "SUBSCRIPTION_STATE_ACTIVE" && line.AutoRenewingPlan?.AutoRenewEnabled != false;
                return StoreMapping.Of(subscription,
                    Notification(new StoreChange.PeriodPaid(Order(state), plan, purchasedAt, Expiry(line))),
                    Notification(new StoreChange.AutoRenewSwitched(autoRenew), "/auto-renew"));
            case "SUBSCRIPTION_STATE_IN_GRACE_PERIOD":
                return StoreMapping.Of(subscription, Notification(new StoreChange.BillingRetry(line?.ExpiryTime)));
            case "SUBSCRIPTION_STATE_ON_HOLD" or "SUBSCRIPTION_STATE_PAUSED" or "SUBSCRIPTION_STATE_EXPIRED":
                return StoreMapping.Of(subscription, Notification(new StoreChange.Lapsed()));
            default:
                return new StoreMapping.Ignored($"Subscription state {state.SubscriptionState} changes nothing for the account.");
        }
    }

    /// <summary>The instant Google gives for the event (<c>eventTimeMillis</c>), else when Pub/Sub published it.</summary>
    private static DateTimeOffset OccurredAt(PubSubPush push) =>
        long.TryParse(push.Notification.EventTimeMillis, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : push.PublishTime;

    private static TransactionId Order(SubscriptionPurchaseV2 state) =>
        state.LatestOrderId is { Length: > 0 } order ? StoreValues.Transaction(order, "latestOrderId") : throw Unreadable("a latestOrderId");

    private static DateTimeOffset Expiry(SubscriptionLineItem line) => line.ExpiryTime ?? throw Unreadable("an expiryTime");

    // Google's own answer lacks what every subscription has: not the sender's fault, so retried rather than refused.
    private static PlayDeveloperApiUnavailableException Unreadable(string what) =>
        new($"The Play Developer API answered a subscription without {what}.");
}
