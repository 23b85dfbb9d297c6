using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;

namespace ActorSubs.Node.Stores;

/// <summary>
/// The store subscription a notification is about and what it carries to find its account: the link key of the
/// subscription (which names the store), and the store account token (App Store <c>appAccountToken</c>, Play
/// <c>obfuscatedExternalAccountId</c>) or, for Cleverbridge, the account id itself.
/// </summary>
public sealed record StoreSubscription(StoreLinkKey Key, string? AccountToken = null, string? AccountId = null);

/// <summary>What a verified notification means for the accounts (docs/rules.md, "Store notifications").</summary>
public abstract record StoreMapping
{
    private StoreMapping()
    {
    }

    /// <summary>A type this service does not act on (TEST, a price change, ...): acknowledged, nothing else.</summary>
    public sealed record Ignored(string Why) : StoreMapping;

    /// <summary>One or more store notifications for the account of <paramref name="Subscription"/>, in order.</summary>
    public sealed record Mapped(StoreSubscription Subscription, IReadOnlyList<StoreNotification> Notifications) : StoreMapping;

    /// <summary>A period of a product the configuration maps to no plan: parked for an operator.</summary>
    public sealed record UnknownProduct(StoreSubscription Subscription, string NotificationId, string ProductId) : StoreMapping;

    public static Mapped Of(StoreSubscription subscription, params StoreNotification[] notifications) => new(subscription, notifications);
}

/// <summary>Checks of values a store sends that become identifiers of the account (R14 transaction ids in docs/rules.md).</summary>
internal static class StoreValues
{
    public static TransactionId Transaction(string? value, string field) =>
        Identifier.IsValid(value)
            ? new TransactionId(value!)
            : throw StoreVerificationException.Malformed(
                $"{field} must be 1-64 characters of A-Z a-z 0-9 . _ @ - (was '{value}').");
}
