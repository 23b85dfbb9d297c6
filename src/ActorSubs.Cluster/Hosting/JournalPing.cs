using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorSubs.Cluster.Hosting;

/// <summary>Asks the journal's database a trivial question: readiness means it answers.</summary>
public static class JournalPing
{
    public static async Task PingAsync(PersistenceSettings settings, CancellationToken cancellation)
    {
        await using DbConnection connection = settings.Provider == PersistenceProvider.Sqlite
            ? new SqliteConnection(settings.ConnectionString)
            : new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellation);
    }
}
