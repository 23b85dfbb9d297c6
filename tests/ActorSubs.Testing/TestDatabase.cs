using Npgsql;

namespace ActorSubs.Testing;

/// <summary>
/// A journal database of its own for one test: a SQLite file in a temp folder, or a fresh database on the
/// PostgreSQL server named by <c>ACTORSUBS_TEST_POSTGRES</c> (test.sh starts a throwaway one). Either is removed on
/// dispose, once the nodes that used it are gone. The one way the test projects reach PostgreSQL.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string PostgresVariable = "ACTORSUBS_TEST_POSTGRES";

    private readonly string? _folder;
    private readonly (string Server, string Name)? _postgres;

    private TestDatabase(string provider, string connectionString, string? folder, (string Server, string Name)? postgres = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _postgres = postgres;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static TestDatabase Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "actorsubs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestDatabase("Sqlite", $"Data Source={Path.Combine(folder, "journal.db")}", folder);
    }

    /// <summary>
    /// A new database on the test server. Skips the test when there is no server, except under CI=true,
    /// where a missing server is a failure: CI must never silently drop the PostgreSQL tests.
    /// </summary>
    public static async Task<TestDatabase> PostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(server))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
                throw new InvalidOperationException($"CI=true but {PostgresVariable} is not set: run the tests through ./test.sh.");
            Skip.If(true, $"No PostgreSQL: {PostgresVariable} is not set and test.sh found no PostgreSQL binaries.");
        }
        var name = "actorsubs_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("PostgreSql", builder.ConnectionString, null, (server, name));
    }

    public void Dispose()
    {
        if (_postgres is { } postgres) DropPostgres(postgres.Server, postgres.Name);
        if (_folder is null) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a file still open by a finishing node; the temp folder is cleaned later */ }
    }

    /// <summary>
    /// Without this every PostgreSQL test leaves a database behind on a shared server. FORCE (PostgreSQL 13+) ends the
    /// connections a node of this process still pools (they are never used again); a server that refuses keeps the database, which is only litter.
    /// </summary>
    private static void DropPostgres(string server, string name)
    {
        try
        {
            using var connection = new NpgsqlConnection(server);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // Cleanup only: the throwaway server of test.sh is removed as a whole anyway.
        }
    }
}
