using ActorSubs.Cluster.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Health;

/// <summary>Ready only while the journal's database answers a trivial question within <see cref="NodeHealthChecks.JournalTimeout"/>.</summary>
/// <remarks>
/// Ours rather than Akka.Persistence.Sql.Hosting's <c>WithConnectivityCheck</c> (the same <c>SELECT 1</c> on a new
/// connection): its 1.5.70 check is compiled against linq2db 5, and with the linq2db 6.5.1 that Akka.Persistence.Sql
/// 1.5.73 brings it fails on every call (TypeLoadException: LinqToDB.Data.DataConnectionExtensions), so readiness would
/// never pass. The journal's own circuit-breaker check would not do either: it stays healthy until writes fail, and a
/// database that is down while no write is under way must still take the node out of rotation.
/// </remarks>
public sealed class JournalReachableCheck(IOptions<PersistenceSettings> settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The registration's timeout (NodeHealthChecks) cancels the token; the health check service reports it Unhealthy.
        try
        {
            await using var connection = await settings.Value.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The {settings.Value.Provider} journal did not answer: {e.Message}");
        }
    }
}
