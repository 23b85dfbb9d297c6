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

    /// <summary>
    /// Writes that may wait for the journal before it refuses new ones (the plugin's <c>buffer-size</c>, 5,000 by
    /// default). A refusal is a failed write: the account stops, and ten of them open the journal's circuit breaker,
    /// which fails every write for 30 s. With a million accounts on SQLite, 100,000 expiries in a minute filled
    /// 5,000 in a 1.5 s stall of the writer (docs/benchmarks.md). 20,000 is about ten seconds of writes, as long as
    /// the breaker lets one wait anyway.
    /// </summary>
    public int JournalWriteQueue { get; init; } = 20_000;

    /// <summary>
    /// The connection string the node connects with. On PostgreSQL, unless the operator's string says otherwise, a
    /// pooled connection is not reset when it is returned (the plugin keeps no session state, and the reset's
    /// DISCARD ALL also drops every prepared statement) and the journal's few statements are prepared once per
    /// connection (Max Auto Prepare) instead of parsed and planned on every call: together about a third less
    /// PostgreSQL CPU per sign-up (docs/benchmarks.md). Behind a pooler in transaction mode, set Max Auto Prepare=0.
    /// </summary>
    public string EffectiveConnectionString =>
        Provider == PersistenceProvider.PostgreSql ? WithPostgreSqlDefaults(ConnectionString) : ConnectionString;

    private static string WithPostgreSqlDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(given, "No Reset On Close")) builder.NoResetOnClose = true;
        if (!Names(given, "Max Auto Prepare")) builder.MaxAutoPrepare = 32;
        return builder.ConnectionString;
    }

    /// <summary>Whether the string sets the keyword, written with or without its spaces (Npgsql takes both).</summary>
    private static bool Names(DbConnectionStringBuilder given, string keyword) =>
        given.Keys.Cast<string>().Any(key => string.Equals(key.Replace(" ", ""), keyword.Replace(" ", ""), StringComparison.OrdinalIgnoreCase));

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
            : new NpgsqlConnection(EffectiveConnectionString);
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
            $"must be between 1 and 64 (was {JournalParallelism}).")
        .When(JournalWriteQueue is < 100 or > 1_000_000, nameof(JournalWriteQueue),
            $"must be between 100 and 1000000 (was {JournalWriteQueue}).");
}
