using ActorSubs.Cluster.Accounts;
using ActorSubs.Domain;
using Akka.Actor;

namespace ActorSubs.Cluster.Gateway;

public enum AgentKind { Device, Host }

/// <summary>
/// Between a session actor (on the node holding the socket) and its account entity (on any node). These
/// cross nodes, so they carry actor refs and plain data only.
/// </summary>
public static class GatewayProtocol
{
    /// <summary>
    /// A session joins its account; sent again whenever the entity moves or restarts. <paramref name="ConnectedAt"/>
    /// lets the account work out the same cut for the session (R10 in docs/rules.md) however often it attaches.
    /// </summary>
    public sealed record Attach(string AccountId, AgentKind Kind, string AgentId, string TokenHash, string SessionId,
        IActorRef Session, DateTimeOffset ConnectedAt) : IWithAccountId;

    public sealed record Attached(string SessionId, SubscriptionView Subscription, DateTimeOffset? SessionEndsAt, BuyPrompt? Prompt,
        Notification[] Pending, long DroppedNotifications);

    public sealed record AttachRefused(string SessionId, string Code, string Detail);

    public sealed record Acknowledge(string AccountId, string DeviceId, string NotificationId) : IWithAccountId;

    /// <summary>
    /// An account's messages for sessions on one other node, in the order it sent them, for that node's
    /// <see cref="SessionRelay"/>.
    /// </summary>
    public sealed record ForSessions(SessionLetter[] Letters);

    public sealed record SessionLetter(IActorRef Session, object Message);

    /// <summary>
    /// The account tells a device session about a notification, device-specific data filled in: a
    /// subscription-expired one carries the session's cut (<c>sessionEndsAt</c>) and its buy prompt (R10, R11).
    /// </summary>
    public sealed record Push(Notification Notification);

    /// <summary>R10: a renewal before the cut lifts the session limit.</summary>
    public sealed record LimitLifted
    {
        public static readonly LimitLifted Instance = new();
    }

    /// <summary>The device or host was removed, or another connection replaced this one.</summary>
    public sealed record Revoked(string Reason);

    public sealed record OpenChannel(string AccountId, string DeviceId, string HostId, string ChannelId, IActorRef DeviceSession)
        : IWithAccountId;

    /// <summary>Account → host session: a device wants a channel.</summary>
    public sealed record ChannelRequest(string ChannelId, string DeviceId, IActorRef DeviceSession);

    /// <summary>Host session → device session: the agent accepted; data now flows session to session.</summary>
    public sealed record ChannelAccepted(string ChannelId, IActorRef HostSession);

    public sealed record ChannelRefused(string ChannelId, string Code, string Detail);

    public sealed record RelayData(string ChannelId, string Payload);

    public sealed record ChannelClosed(string ChannelId);
}
