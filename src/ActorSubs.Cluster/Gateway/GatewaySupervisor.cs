using Akka.Actor;

namespace ActorSubs.Cluster.Gateway;

/// <summary>
/// Parent of this node's session actors. A session that throws is stopped (its socket closed), never
/// restarted: a restarted session would re-run a handshake whose client has already been answered.
/// It knows each child's kind, so an operator can be told how many devices and host agents this node serves.
/// </summary>
public sealed class GatewaySupervisor : ReceiveActor
{
    private readonly Dictionary<IActorRef, AgentKind> _sessions = new();

    public GatewaySupervisor()
    {
        Receive<StartSession>(start =>
        {
            var session = Context.Watch(Context.ActorOf(start.Props, start.Name));
            _sessions[session] = start.Kind;
            Sender.Tell(session);
        });
        Receive<Terminated>(ended => _sessions.Remove(ended.ActorRef));
        Receive<CountSessions>(_ => Sender.Tell(new SessionCount(
            _sessions.Values.Count(kind => kind == AgentKind.Device),
            _sessions.Values.Count(kind => kind == AgentKind.Host))));
    }

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    public sealed record StartSession(AgentKind Kind, Props Props, string Name);

    /// <summary>Asked across nodes by the cluster overview (<c>GET /api/admin/cluster</c>).</summary>
    public sealed class CountSessions
    {
        public static readonly CountSessions Instance = new();
    }

    /// <summary>Sessions started and not yet stopped, including ones still in their attach handshake.</summary>
    public sealed record SessionCount(int DeviceSessions, int HostSessions);
}
