using ActorSubs.Domain;

namespace ActorSubs.Cluster.Accounts;

/// <summary>Routes a message to the account entity that owns it (the shard region reads this).</summary>
public interface IWithAccountId
{
    string AccountId { get; }
}

/// <summary>
/// Who is asking: the operator (configuration key) or the holder of an account API key, presented as its
/// SHA-256 hash so the key itself never travels between nodes.
/// </summary>
public sealed record Caller(bool IsOperator, string? ApiKeyHash)
{
    public static readonly Caller Operator = new(true, null);

    /// <summary>Nobody in particular: only sign-up accepts it.</summary>
    public static readonly Caller Anonymous = new(false, null);

    public static Caller WithKey(string apiKeyHash) => new(false, apiKeyHash);
}

/// <summary>Messages of the account entity. They cross nodes (Hyperion, allow-listed).</summary>
public static class AccountProtocol
{
    public sealed record Execute(string AccountId, IAccountCommand Command, Caller Caller) : IWithAccountId;

    public sealed record Get(string AccountId, Caller Caller) : IWithAccountId;

    /// <summary>R13 in docs/rules.md: the notifications kept for devices that have not acknowledged them.</summary>
    public sealed record GetNotifications(string AccountId, Caller Caller) : IWithAccountId;

    public sealed record NotificationsView(PendingNotificationView[] Notifications, long DroppedNotifications);

    public sealed record PendingNotificationView(
        string Id, NotificationKind Kind, DateTimeOffset At, NotificationData Data, string[] PendingFor);

    public abstract record Reply;

    /// <summary>The command was written (or was a duplicate and changed nothing); the account as it now is.</summary>
    public sealed record Accepted(AccountView View) : Reply;

    public sealed record Rejected(Rejection Rejection) : Reply;
}
