using Akka.Actor;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Gateway;

/// <summary>
/// A host agent (the computer). While connected the host shows online; it is asked to accept or reject
/// channels that devices open, and relays their data.
/// </summary>
public sealed class HostSession(SessionStart start, IActorRef accounts, GatewayOptions options)
    : AgentSession(start, accounts, options)
{
    private readonly Dictionary<string, IActorRef> _requests = new(StringComparer.Ordinal);

    protected override void OnAttached(Attached attached, bool first)
    {
        base.OnAttached(attached, first);
        if (first) Send(new WelcomeFrame(Start.SessionId, attached.Subscription, null, null, 0));
    }

    protected override void ActiveAs()
    {
        Receive<ChannelRequest>(request =>
        {
            _requests[request.ChannelId] = request.DeviceSession;
            Send(new OpenRequestFrame(request.ChannelId, request.DeviceId));
        });
        Receive<AcceptClientFrame>(accept =>
        {
            if (!_requests.Remove(accept.ChannelId, out var device))
            {
                SendAdvisory(new ErrorFrame("unknown-channel", $"No channel '{accept.ChannelId}' is waiting.", accept.ChannelId));
                return;
            }
            Channels[accept.ChannelId] = device;
            Context.Watch(device);
            device.Tell(new ChannelAccepted(accept.ChannelId, Self));
        });
        Receive<RejectClientFrame>(reject =>
        {
            if (_requests.Remove(reject.ChannelId, out var device))
                device.Tell(new ChannelRefused(reject.ChannelId, "rejected", reject.Reason ?? "The host refused the channel."));
            else SendAdvisory(new ErrorFrame("unknown-channel", $"No channel '{reject.ChannelId}' is waiting.", reject.ChannelId));
        });
    }

    protected override void PostStop()
    {
        foreach (var (id, device) in _requests)
            device.Tell(new ChannelRefused(id, "host-offline", "The host disconnected."));
        base.PostStop();
    }
}
