using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using ActorSubs.Node.Gateway;

namespace ActorSubs.Node.Health;

/// <summary>
/// The node's health checks. Live: the actor system runs (a dead one is the one failure a restart fixes). Ready: the
/// node has joined its cluster, the journal's database answers, and the node is not draining.
/// </summary>
public static class NodeHealthChecks
{
    /// <summary>Which checks each route runs: <c>/healthz/live</c> those tagged live, <c>/healthz/ready</c> those tagged ready.</summary>
    private const string Live = "live", Ready = "ready";

    /// <summary>A database that does not answer within this is as good as down for a readiness probe.</summary>
    public static readonly TimeSpan JournalTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Akka.Hosting's own checks, tagged for our two routes: the actor system's liveness and the cluster join.</summary>
    /// <remarks>
    /// The cluster check passes from the node's first Up and stays passed (our former check also failed once the member
    /// left Up); a node leaves the cluster only by stopping, through coordinated shutdown, and the host's stop and
    /// <see cref="GatewayConnections"/> take it out of rotation first.
    /// </remarks>
    public static AkkaConfigurationBuilder WithNodeHealthChecks(this AkkaConfigurationBuilder akka) =>
        akka
            .WithActorSystemLivenessCheck(tags: [Live])
            .WithAkkaClusterReadinessCheck(tags: [Ready]);

    /// <summary>The checks no Akka check does (each says why): the journal's database answers, the node is not draining.</summary>
    public static IServiceCollection AddNodeHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<JournalReachableCheck>("journal", tags: [Ready], timeout: JournalTimeout)
            .AddCheck<GatewayConnections>("accepting-connections", tags: [Ready]);
        return services;
    }

    /// <summary><c>/healthz/live</c> runs the checks tagged live, <c>/healthz/ready</c> those tagged ready.</summary>
    public static WebApplication MapNodeHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Live) });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) });
        return app;
    }
}
