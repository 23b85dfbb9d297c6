using ActorSubs.Cluster.Hosting;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Health;

public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}

/// <summary>Live while the actor system runs: a dead actor system is the one failure a restart fixes.</summary>
public sealed class ActorSystemAliveCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(system.WhenTerminated.IsCompleted
            ? HealthCheckResult.Unhealthy("The actor system has terminated.")
            : HealthCheckResult.Healthy());
}

/// <summary>Ready once this node is an Up member of its cluster (shards can be hosted and reached).</summary>
public sealed class ClusterMemberUpCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = Akka.Cluster.Cluster.Get(system).SelfMember.Status;
        return Task.FromResult(status == MemberStatus.Up
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Cluster member status is {status}, not Up."));
    }
}

/// <summary>Ready only while the journal's database answers within a few seconds.</summary>
public sealed class JournalReachableCheck(IOptions<PersistenceSettings> settings) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await JournalPing.PingAsync(settings.Value, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The {settings.Value.Provider} journal did not answer: {e.Message}");
        }
    }
}

/// <summary>Not ready once shutdown has begun, so the load balancer stops sending clients here.</summary>
public sealed class NotDrainingCheck(ActorSubs.Node.Gateway.GatewayConnections connections) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connections.Draining
            ? HealthCheckResult.Unhealthy("The node is shutting down and closing its connections.")
            : HealthCheckResult.Healthy());
}
