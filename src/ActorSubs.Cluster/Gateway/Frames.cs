using ActorSubs.Domain;

namespace ActorSubs.Cluster.Gateway;

// The JSON text frames of the device and host WebSockets (docs/protocol.md). The node serialises these records
// (camelCase, kebab-case enums); each has the wire "type" it is written with.

/// <summary>A frame the server sends.</summary>
public abstract record ServerFrame(string Type);

public sealed record WelcomeFrame(string SessionId, SubscriptionView? Subscription, DateTimeOffset? SessionEndsAt, BuyPrompt? Prompt,
    long DroppedNotifications) : ServerFrame("welcome");

public sealed record NotificationFrame(string Id, NotificationKind Kind, DateTimeOffset At, NotificationData Data)
    : ServerFrame("notification");

public sealed record OpenedFrame(string ChannelId) : ServerFrame("opened");

/// <summary>To a host agent: a device asks for a channel.</summary>
public sealed record OpenRequestFrame(string ChannelId, string DeviceId) : ServerFrame("open");

/// <summary><paramref name="Payload"/> is the raw JSON value the peer sent, relayed unchanged.</summary>
public sealed record DataFrame(string ChannelId, string Payload) : ServerFrame("data");

public sealed record ClosedFrame(string ChannelId) : ServerFrame("close");

public sealed record ErrorFrame(string Code, string Detail, string? ChannelId = null) : ServerFrame("error");

/// <summary>A frame a device or host agent sent, already parsed and checked by the node.</summary>
public abstract record ClientFrame;

public sealed record AckClientFrame(string Id) : ClientFrame;

public sealed record OpenClientFrame(string HostId) : ClientFrame;

public sealed record AcceptClientFrame(string ChannelId) : ClientFrame;

public sealed record RejectClientFrame(string ChannelId, string? Reason) : ClientFrame;

public sealed record DataClientFrame(string ChannelId, string Payload) : ClientFrame;

public sealed record CloseClientFrame(string ChannelId) : ClientFrame;

/// <summary>The socket of one session, as the session actor sees it.</summary>
public interface IAgentConnection
{
    /// <summary>Queues a frame; false when the client has stopped reading and the bounded queue is full.</summary>
    bool TrySend(ServerFrame frame);

    /// <summary>
    /// Queues an advisory frame (an error answering one of the client's frames) only while the queue is at most half
    /// full; false when it was dropped. A burst of such replies, e.g. to data the client sent on a channel its peer had
    /// just closed, must neither get a client that does read cut as "not reading" nor take the room that data,
    /// notifications and closes need.
    /// </summary>
    bool TrySendAdvisory(ServerFrame frame);

    /// <summary>Closes with a WebSocket close code (4001 subscription-expired, 1008 policy, 1012 restart).</summary>
    void Close(int code, string reason);
}

public static class CloseCodes
{
    public const int NormalClosure = 1000;
    public const int PolicyViolation = 1008;
    public const int MessageTooBig = 1009;
    public const int ServiceRestart = 1012;
    public const int SubscriptionExpired = 4001;
    public const int Revoked = 4003;
}
