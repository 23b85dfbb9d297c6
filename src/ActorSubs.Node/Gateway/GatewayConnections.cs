using System.Collections.Concurrent;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Domain;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace ActorSubs.Node.Gateway;

/// <summary>
/// This node's open WebSockets, so a shutdown can close every one with 1012 (service restart) and clients
/// reconnect elsewhere, and readiness can turn false first so no new client arrives meanwhile: as a health check,
/// not ready once the drain has begun. No Akka check knows about it: the drain runs before Akka's coordinated
/// shutdown, while the node is still an Up member.
/// </summary>
public sealed class GatewayConnections(ILogger<GatewayConnections> log) : IHealthCheck
{
    private static readonly Gauge Open = Metrics.CreateGauge("actorsubs_gateway_connections", "Open WebSocket connections.", "kind");

    private readonly ConcurrentDictionary<WebSocketConnection, AgentKind> _open = new();

    public bool Draining { get; private set; }

    public int Count => _open.Count;

    public void Add(WebSocketConnection connection, AgentKind kind)
    {
        _open[connection] = kind;
        Open.WithLabels(WireNames.Of(kind)).Inc();
    }

    public void Remove(WebSocketConnection connection)
    {
        if (_open.TryRemove(connection, out var kind)) Open.WithLabels(WireNames.Of(kind)).Dec();
    }

    /// <summary>Refuses new connections, closes the open ones with 1012 and waits (bounded) for them to finish.</summary>
    public async Task DrainAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        Draining = true;
        var count = _open.Count;
        log.LogInformation("Shutting down: closing {Count} WebSocket connections with 1012", count);
        foreach (var connection in _open.Keys) connection.Close(CloseCodes.ServiceRestart, "node shutting down");
        var deadline = DateTime.UtcNow + timeout;
        while (!_open.IsEmpty && DateTime.UtcNow < deadline && !cancellation.IsCancellationRequested) await Task.Delay(20, CancellationToken.None);
        if (!_open.IsEmpty) log.LogWarning("{Count} connections still open after {Timeout}", _open.Count, timeout);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Draining
            ? HealthCheckResult.Unhealthy("The node is shutting down and closing its connections.")
            : HealthCheckResult.Healthy());
}
