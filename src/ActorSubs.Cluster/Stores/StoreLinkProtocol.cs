namespace ActorSubs.Cluster.Stores;

/// <summary>Routes a message to the registry entity of one link key (<see cref="StoreLinkKey.EntityId"/>).</summary>
public interface IWithStoreLinkId
{
    StoreLinkKey Key { get; }

    string LinkId => Key.EntityId;
}

/// <summary>
/// The store link registry (docs/rules.md, "Store notifications"): which account a store subscription, or a store account
/// token, belongs to. The first link of a key wins; the same link again is idempotent; a link to another account is refused.
/// </summary>
public static class StoreLinkProtocol
{
    public sealed record Link(StoreLinkKey Key, string AccountId) : IWithStoreLinkId;

    public sealed record Resolve(StoreLinkKey Key) : IWithStoreLinkId;

    /// <summary>The key is (now, or already was) linked to <paramref name="AccountId"/>, the account the link asked for.</summary>
    public sealed record Linked(StoreLinkKey Key, string AccountId);

    /// <summary>The key is linked to another account; which one is not said.</summary>
    public sealed record LinkRefused(StoreLinkKey Key);

    /// <summary>The account of the key, or null when it has no link.</summary>
    public sealed record Resolved(StoreLinkKey Key, string? AccountId);
}

/// <summary>Persisted by the registry entity: the key's first and only link.</summary>
public sealed record StoreLinked(StoreLinkKey Key, string AccountId, DateTimeOffset At);
