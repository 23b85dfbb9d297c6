using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorSubs.Cluster.Hosting;

public enum PersistenceProvider { Sqlite, PostgreSql }

/// <summary>Where events and snapshots go, bound from <c>ActorSubs:Persistence</c>.</summary>
public sealed record PersistenceSettings
{
    public const string Section = "ActorSubs:Persistence";

    public PersistenceProvider Provider { get; init; } = PersistenceProvider.Sqlite;

    public string ConnectionString { get; init; } = "Data Source=data/actorsubs.db";

    /// <summary>
    /// Concurrent journal writers. SQLite has one writer, so 1 (more only queue on its lock); PostgreSQL
    /// takes the plugin default of 3 unless set.
    /// </summary>
    public int? JournalParallelism { get; init; }

    public int EffectiveJournalParallelism => JournalParallelism ?? (Provider == PersistenceProvider.Sqlite ? 1 : 3);

    /// <summary>The Akka.Persistence.Sql (linq2db) provider name.</summary>
    public string ProviderName => Provider switch
    {
        PersistenceProvider.Sqlite => "SQLite.MS",
        PersistenceProvider.PostgreSql => "PostgreSQL.15",
        _ => throw new ArgumentOutOfRangeException(nameof(Provider), Provider, null),
    };

    /// <summary>A new open connection to the journal's database, for the queries the plugin does not make (readiness, the wake-up feed).</summary>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellation)
    {
        DbConnection connection = Provider == PersistenceProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellation);
        return connection;
    }

    /// <summary>For the start-up line: the SQLite file's full path, or PostgreSQL's host, port and database (never the password).</summary>
    public string Describe()
    {
        if (Provider == PersistenceProvider.Sqlite)
        {
            var source = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return $"SQLite {(source is "" or ":memory:" ? source : Path.GetFullPath(source))}";
        }
        var postgres = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {postgres.Host}:{postgres.Port}/{postgres.Database}";
    }

    public IReadOnlyList<string> Validate() => new OptionErrors(Section)
        .When(!Enum.IsDefined(Provider), nameof(Provider), $"must be Sqlite or PostgreSql (was {Provider}).")
        .When(string.IsNullOrWhiteSpace(ConnectionString), nameof(ConnectionString), "is required.")
        .When(JournalParallelism is < 1 or > 64, nameof(JournalParallelism),
            $"must be between 1 and 64 (was {JournalParallelism}).");
}
