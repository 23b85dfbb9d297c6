using Akka.Actor;
using Akka.Hosting;

namespace ActorSubs.Cluster.Gateway;

public static class GatewayHosting
{
    /// <summary>Name of each node's session parent, at <c>/user/gateway</c>: other nodes ask it for session counts.</summary>
    public const string SupervisorName = "gateway";

    /// <summary>
    /// The parent of this node's device and host sessions (<see cref="GatewaySupervisor"/>), and the relay through which
    /// accounts on other nodes write to them (<see cref="SessionRelay"/>).
    /// </summary>
    public static AkkaConfigurationBuilder AddGateway(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry) =>
        {
            registry.Register<GatewaySupervisor>(system.ActorOf(Props.Create<GatewaySupervisor>(), SupervisorName));
            registry.Register<SessionRelay>(system.ActorOf(Props.Create<SessionRelay>(), SessionRelay.Name));
        });
}
