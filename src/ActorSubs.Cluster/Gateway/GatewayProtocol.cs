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
    /// A session joins its account; sent again whenever the entity moves or restarts. On a re-attach,
    /// <paramref name="SessionEndsAt"/> keeps an already announced cut from being pushed back.
    /// </summary>
    public sealed record Attach(string AccountId, AgentKind Kind, string AgentId, string TokenHash, string SessionId,
        IActorRef Session, DateTimeOffset? SessionEndsAt) : IWithAccountId;

    public sealed record Attached(string SessionId, SubscriptionView Subscription, DateTimeOffset? SessionEndsAt, BuyPrompt? Prompt,
        Notification[] Pending, long DroppedNotifications);

    public sealed record AttachRefused(string SessionId, string Code, string Detail);

    public sealed record Acknowledge(string AccountId, string DeviceId, string NotificationId) : IWithAccountId;

    /// <summary>The account tells a device session about a notification (device-specific data filled in).</summary>
    public sealed record Push(Notification Notification);

    /// <summary>The session's cut moves to <paramref name="SessionEndsAt"/>; null lifts it (a renewal).</summary>
    public sealed record SessionLimit(DateTimeOffset? SessionEndsAt);

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

    /// <summary>How many sessions this entity holds (for the cluster view and tests).</summary>
    public sealed record GetSessions(string AccountId) : IWithAccountId;

    public sealed record Sessions(string[] Devices, string[] Hosts);
}
