using Akka.Actor;

namespace ActorSubs.Cluster.Gateway;

/// <summary>
/// Parent of this node's session actors. A session that throws is stopped (its socket closed), never
/// restarted: a restarted session would re-run a handshake whose client has already been answered.
/// </summary>
public sealed class GatewaySupervisor : ReceiveActor
{
    public GatewaySupervisor()
    {
        Receive<StartSession>(start => Sender.Tell(Context.ActorOf(start.Props, start.Name)));
        Receive<CountSessions>(_ => Sender.Tell(new SessionCount(Context.GetChildren().Count())));
    }

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    public sealed record StartSession(Props Props, string Name);

    public sealed class CountSessions
    {
        public static readonly CountSessions Instance = new();
    }

    public sealed record SessionCount(int Sessions);
}
