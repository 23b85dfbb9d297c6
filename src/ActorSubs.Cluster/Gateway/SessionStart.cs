using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;

namespace ActorSubs.Cluster.Gateway;

/// <summary>How the attach handshake ended; the node upgrades the HTTP request to a WebSocket only on success.</summary>
public sealed record AttachOutcome(bool Accepted, string? Code, string? Detail)
{
    public static readonly AttachOutcome Success = new(true, null, null);

    public static AttachOutcome Refused(string code, string detail) => new(false, code, detail);
}

/// <summary>
/// What a session actor is started with: who connected, when (an expired account's limit counts from it), over which
/// socket, and whom to tell once attached.
/// </summary>
public sealed record SessionStart(
    AgentKind Kind, string AccountId, string AgentId, string TokenHash, string SessionId, DateTimeOffset ConnectedAt,
    IAgentConnection Connection, TaskCompletionSource<AttachOutcome> Attached);

/// <summary>Timing of the sessions, bound from <c>ActorSubs:Gateway</c>.</summary>
public sealed record GatewayOptions
{
    public const string Section = "ActorSubs:Gateway";

    /// <summary>How long a connecting client waits for its account before it is refused.</summary>
    public TimeSpan AttachTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Between attach attempts while the account entity moves or restarts.</summary>
    public TimeSpan ReattachInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a device waits for a host agent to accept a channel.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Frames queued for one client; a client that stops reading is cut when they are used up.</summary>
    public int OutboundQueueFrames { get; init; } = 256;

    /// <summary>Largest text frame a client may send; larger is closed with 1009.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>Sustained frames per second a client may send, and the burst above it.</summary>
    public double MessagesPerSecond { get; init; } = 200;
    public int MessageBurst { get; init; } = 400;

    /// <summary>How long a client has to take its close frame before the node drops the connection.</summary>
    public TimeSpan CloseGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On SIGTERM, how long the node waits for its sockets to close before Akka's shutdown begins.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Validate() => new OptionErrors(Section)
        .Positive(AttachTimeout, nameof(AttachTimeout))
        .Positive(ReattachInterval, nameof(ReattachInterval))
        .Positive(OpenTimeout, nameof(OpenTimeout))
        .When(OutboundQueueFrames < 8, nameof(OutboundQueueFrames), "must be at least 8.")
        .When(MaxFrameBytes < 1024, nameof(MaxFrameBytes), "must be at least 1024.")
        .When(MessagesPerSecond <= 0, nameof(MessagesPerSecond), "must be positive.")
        .When(MessageBurst < 1, nameof(MessageBurst), "must be at least 1.")
        .Positive(CloseGrace, nameof(CloseGrace))
        .When(DrainTimeout < TimeSpan.Zero, nameof(DrainTimeout), "must not be negative.");
}
