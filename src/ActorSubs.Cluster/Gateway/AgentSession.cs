using Akka.Actor;
using Akka.Event;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Gateway;

/// <summary>
/// One WebSocket connection, on the node that accepted it. It attaches to its account entity through the
/// shard region (the entity may live on any node), watches it and re-attaches when it moves or restarts,
/// writes frames through the connection's bounded queue, and relays channel data straight to the peer
/// session once the account has introduced them. Device and host specifics are in the subclasses.
/// </summary>
public abstract class AgentSession : ReceiveActor, IWithTimers
{
    protected readonly SessionStart Start;
    protected readonly IActorRef Accounts;
    protected readonly GatewayOptions Options;
    protected readonly ILoggingAdapter Log = Context.GetLogger();

    /// <summary>Open channels: id → the peer session on the other end.</summary>
    protected readonly Dictionary<string, IActorRef> Channels = new(StringComparer.Ordinal);

    private IActorRef? _entity;
    private bool _closing;

    protected AgentSession(SessionStart start, IActorRef accounts, GatewayOptions options)
    {
        Start = start;
        Accounts = accounts;
        Options = options;
        Attaching();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        SendAttach();
        Timers.StartPeriodicTimer(AttachTimer.Retry, AttachTimer.Retry, Options.ReattachInterval);
        Timers.StartSingleTimer(AttachTimer.TimedOut, AttachTimer.TimedOut, Options.AttachTimeout);
    }

    private void Attaching()
    {
        Receive<AttachTimer>(t => t == AttachTimer.Retry, _ => SendAttach());
        Receive<AttachTimer>(t => t == AttachTimer.TimedOut, _ =>
        {
            Start.Attached.TrySetResult(AttachOutcome.Refused("unavailable", "The account did not answer in time; try again."));
            Context.Stop(Self);
        });
        Receive<Attached>(attached =>
        {
            StopAttaching();
            Start.Attached.TrySetResult(AttachOutcome.Success);
            OnAttached(attached, first: true);
            Become(Active);
        });
        Receive<AttachRefused>(refused =>
        {
            Start.Attached.TrySetResult(AttachOutcome.Refused(refused.Code, refused.Detail));
            Context.Stop(Self);
        });
        Receive<ConnectionEnded>(_ => Context.Stop(Self));
    }

    private void Active()
    {
        Receive<Terminated>(t => t.ActorRef.Equals(_entity), _ =>
        {
            // The entity moved (rebalance) or restarted: attach again until it answers.
            _entity = null;
            SendAttach();
            Timers.StartPeriodicTimer(AttachTimer.Retry, AttachTimer.Retry, Options.ReattachInterval);
        });
        Receive<AttachTimer>(t => t == AttachTimer.Retry, _ => SendAttach());
        Receive<Attached>(attached =>
        {
            StopAttaching();
            OnAttached(attached, first: false);
        });
        Receive<AttachRefused>(refused => Close(CloseCodes.Revoked, refused.Code));
        Receive<Revoked>(revoked => Close(CloseCodes.Revoked, revoked.Reason));
        Receive<RelayData>(data =>
        {
            if (Channels.ContainsKey(data.ChannelId)) Send(new DataFrame(data.ChannelId, data.Payload));
        });
        Receive<ChannelClosed>(closed =>
        {
            if (Channels.Remove(closed.ChannelId)) Send(new ClosedFrame(closed.ChannelId));
        });
        Receive<Terminated>(t =>
        {
            // A peer session died without saying goodbye (its node crashed): close its channels here.
            foreach (var id in Channels.Where(c => c.Value.Equals(t.ActorRef)).Select(c => c.Key).ToList())
            {
                Channels.Remove(id);
                Send(new ClosedFrame(id));
            }
        });
        Receive<DataClientFrame>(frame =>
        {
            if (Channels.TryGetValue(frame.ChannelId, out var peer)) peer.Tell(new RelayData(frame.ChannelId, frame.Payload));
            else SendAdvisory(new ErrorFrame("unknown-channel", $"No open channel '{frame.ChannelId}'.", frame.ChannelId));
        });
        Receive<CloseClientFrame>(frame =>
        {
            if (Channels.Remove(frame.ChannelId, out var peer))
            {
                peer.Tell(new ChannelClosed(frame.ChannelId));
                Send(new ClosedFrame(frame.ChannelId));
            }
            else SendAdvisory(new ErrorFrame("unknown-channel", $"No open channel '{frame.ChannelId}'.", frame.ChannelId));
        });
        Receive<ConnectionEnded>(_ => Context.Stop(Self));
        ActiveAs();
        Receive<ClientFrame>(frame => SendAdvisory(new ErrorFrame("unexpected-frame",
            $"A {Start.Kind.ToString().ToLowerInvariant()} does not send '{frame.GetType().Name.Replace("ClientFrame", "").ToLowerInvariant()}' frames.")));
    }

    /// <summary>Handlers of the device or host subclass, registered before the fallbacks.</summary>
    protected abstract void ActiveAs();

    /// <summary>Attached (first time: send the welcome; again: catch up on what changed while away).</summary>
    protected virtual void OnAttached(Attached attached, bool first)
    {
        _entity = Sender;
        Context.Watch(_entity);
    }

    /// <summary>Queues a frame; a client that does not read is cut instead of buffered without bound.</summary>
    protected void Send(ServerFrame frame)
    {
        if (_closing || Start.Connection.TrySend(frame)) return;
        Log.Warning("Session {0} of {1} is not reading; closing it", Start.SessionId, Start.AccountId);
        Close(CloseCodes.PolicyViolation, "too slow: the client is not reading");
    }

    /// <summary>
    /// An error answering one of the client's own frames: dropped rather than queued when the client is behind. Data a
    /// host streams on a channel its device has just dropped is answered with one unknown-channel error per frame in
    /// flight; sent with <see cref="Send"/>, that burst cut the host (and every other channel it served) as "not reading".
    /// </summary>
    protected void SendAdvisory(ErrorFrame error)
    {
        if (!_closing) Start.Connection.TrySendAdvisory(error);
    }

    protected void Close(int code, string reason)
    {
        if (_closing) return;
        _closing = true;
        Start.Connection.Close(code, reason);
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        foreach (var (id, peer) in Channels) peer.Tell(new ChannelClosed(id));
        Channels.Clear();
        Start.Attached.TrySetResult(AttachOutcome.Refused("unavailable", "The session stopped before it attached."));
        if (!_closing) Start.Connection.Close(CloseCodes.ServiceRestart, "session ended");
    }

    private void SendAttach() => Accounts.Tell(new Attach(Start.AccountId, Start.Kind, Start.AgentId, Start.TokenHash,
        Start.SessionId, Self, Start.ConnectedAt));

    private void StopAttaching()
    {
        Timers.Cancel(AttachTimer.Retry);
        Timers.Cancel(AttachTimer.TimedOut);
    }

    /// <summary>The node tells the session its socket is gone (closed by the client or the network).</summary>
    public sealed class ConnectionEnded
    {
        public static readonly ConnectionEnded Instance = new();
    }

    /// <summary>While attaching: ask the account again, and give up on it.</summary>
    private enum AttachTimer { Retry, TimedOut }
}
