using ActorSubs.Cluster.Hosting;
using Akka.Hosting;

namespace ActorSubs.Cluster.Operations;

public static class OperationsHosting
{
    /// <summary><see cref="MemberUpTimes"/>, which the cluster overview (<c>GET /api/admin/cluster</c>) asks when each member came up.</summary>
    public static AkkaConfigurationBuilder AddOperations(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
            registry.Register<MemberUpTimes>(system.ActorOf(MemberUpTimes.Props(HostedClock.From(resolver)), "member-up-times")));
}
