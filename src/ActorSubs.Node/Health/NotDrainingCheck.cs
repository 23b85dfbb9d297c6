using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorSubs.Node.Health;

/// <summary>
/// Not ready once shutdown has begun, so the load balancer stops sending clients here. Ours, because no Akka check
/// knows about it: the drain runs before Akka's coordinated shutdown, while the node is still an Up member.
/// </summary>
public sealed class NotDrainingCheck(ActorSubs.Node.Gateway.GatewayConnections connections) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connections.Draining
            ? HealthCheckResult.Unhealthy("The node is shutting down and closing its connections.")
            : HealthCheckResult.Healthy());
}
