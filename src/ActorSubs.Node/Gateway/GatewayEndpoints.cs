using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Security;
using ActorSubs.Node.Api;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Gateway;

/// <summary>
/// <c>GET /ws/device</c> and <c>GET /ws/host</c> (docs/protocol.md). The policy admits a token of the route's kind
/// (header or <c>?access_token=</c>); the account then checks its hash before the upgrade, so a bad or revoked token
/// gets a plain 401 rather than a socket that closes at once.
/// </summary>
public static class GatewayEndpoints
{
    public static void MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ws/device", AcceptAsync).RequireAuthorization(ApiPolicies.Device)
            .WithTags("gateway").WithSummary("Device WebSocket: notifications, session limits, channels to hosts.");
        app.MapGet("/ws/host", AcceptAsync).RequireAuthorization(ApiPolicies.Host)
            .WithTags("gateway").WithSummary("Host agent WebSocket: online presence, channel requests and relay.");
    }

    private static async Task AcceptAsync(HttpContext context, GatewayConnections connections, IOptions<GatewayOptions> gateway,
        TimeProvider clock, IRequiredActor<AccountEntity> accounts, IRequiredActor<GatewaySupervisor> supervisor)
    {
        if (connections.Draining)
            throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, ProblemCodes.ShuttingDown, "This node is shutting down.",
                "Reconnect to another node.");
        if (!context.WebSockets.IsWebSocketRequest)
            throw new ApiProblem(StatusCodes.Status400BadRequest, ProblemCodes.WebSocketRequired, "A WebSocket upgrade is required.",
                "Connect with a WebSocket client.");

        var agent = context.User.ToAgent();
        var kind = agent.Kind;
        var namePrefix = kind == AgentKind.Device ? AgentToken.DeviceKind : AgentToken.HostKind;

        var options = gateway.Value;
        var sessionId = Guid.NewGuid().ToString("N")[..16];
        var connection = new WebSocketConnection(options.OutboundQueueFrames, options.CloseGrace, clock);
        var attached = new TaskCompletionSource<AttachOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new SessionStart(kind, agent.AccountId, agent.AgentId, agent.TokenHash, sessionId, clock.GetUtcNow(), connection, attached);
        var props = kind == AgentKind.Device
            ? ActorProps.Of(() => new DeviceSession(start, accounts.ActorRef, options, clock))
            : ActorProps.Of(() => new HostSession(start, accounts.ActorRef, options));
        // Not cancelled by the client: once started, the session must be known here so it can be ended (below).
        var session = await supervisor.ActorRef.Ask<IActorRef>(new GatewaySupervisor.StartSession(kind, props, $"{namePrefix}-{sessionId}"),
            options.AttachTimeout);

        var outcome = await attached.Task;
        var running = false;
        try
        {
            if (!outcome.Accepted)
            {
                // The session has stopped itself.
                throw outcome.Code == ProblemCodes.InvalidToken
                    ? new ApiProblem(StatusCodes.Status401Unauthorized, ProblemCodes.InvalidToken, "The token is not valid.", outcome.Detail!)
                    : new ApiProblem(StatusCodes.Status503ServiceUnavailable, outcome.Code!, "Temporarily unavailable.", outcome.Detail!);
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            connections.Add(connection, kind);
            running = true;
            try
            {
                await SessionSocket.RunAsync(socket, connection, session, options, clock, context.RequestAborted);
            }
            finally
            {
                connections.Remove(connection);
            }
        }
        finally
        {
            // Only the socket's read loop ends a running session. A client that vanished during the handshake (the
            // upgrade failed on an aborted connection) never got one: without this its session stayed attached for
            // good, its host shown online and its account kept awake, with no socket behind it.
            if (outcome.Accepted && !running) session.Tell(AgentSession.ConnectionEnded.Instance);
        }
    }
}
