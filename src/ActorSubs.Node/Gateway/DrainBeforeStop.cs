using ActorSubs.Cluster.Gateway;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Gateway;

/// <summary>
/// Drains this node's WebSockets on SIGTERM before anything else stops. The host runs every
/// <see cref="IHostedLifecycleService.StoppingAsync"/> to completion before it stops the web server and the actor
/// system, so the node keeps answering (readiness false, liveness true) and stays an Up member while its clients
/// take their 1012 and move. A callback on <c>ApplicationStopping</c> would not do: the host's own callback on that
/// token starts stopping the services at the same time, and the process could exit mid-drain.
/// </summary>
public sealed class DrainBeforeStop(GatewayConnections connections, IOptions<GatewayOptions> options)
    : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken) => connections.DrainAsync(options.Value.DrainTimeout, cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
