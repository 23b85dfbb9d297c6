using ActorSubs.LoadTest.Cli;
using Npgsql;

namespace ActorSubs.LoadTest.Ceiling;

public enum CeilingDatabase { Sqlite, Postgres }

/// <summary>
/// Where the raw-insert ceiling is measured: <c>sqlite:PATH</c> (its own database file, put it next to
/// the node's) or <c>postgres:CONNECTIONSTRING</c> (a separate table in the node's database).
/// </summary>
public sealed record CeilingTarget(CeilingDatabase Database, string Location)
{
    public const string SqliteTable = "loadtest_ceiling";
    public const string PostgresTable = "loadtest_ceiling";

    public string Describe() => Database switch
    {
        CeilingDatabase.Sqlite => $"sqlite {Location}",
        _ => $"postgres {DescribePostgres(Location)}",
    };

    public static CeilingTarget Parse(string text, bool allowRemote)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? text : text[..colon];
        var rest = colon < 0 ? "" : text[(colon + 1)..];
        switch (kind)
        {
            case "sqlite":
                if (rest.Length == 0) throw new UsageException("--ceiling sqlite:PATH needs a file path after 'sqlite:'.");
                if (rest.StartsWith(':') || rest.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
                    throw new UsageException("--ceiling sqlite:PATH must be a file, not an in-memory database.");
                return new CeilingTarget(CeilingDatabase.Sqlite, Path.GetFullPath(rest));
            case "postgres" or "postgresql":
                if (rest.Length == 0)
                    throw new UsageException("--ceiling postgres:CONNECTIONSTRING needs an Npgsql connection string after 'postgres:'.");
                NpgsqlConnectionStringBuilder builder;
                try
                {
                    builder = new NpgsqlConnectionStringBuilder(rest);
                }
                catch (ArgumentException e)
                {
                    throw new UsageException($"--ceiling: not an Npgsql connection string: {e.Message}");
                }
                if (string.IsNullOrEmpty(builder.Host))
                    throw new UsageException("--ceiling postgres:… needs Host=… in the connection string.");
                if (!allowRemote && !builder.Host.Split(',').All(h => h.StartsWith('/') || Loopback.IsLoopbackHost(h)))
                    throw new UsageException(
                        $"--ceiling: PostgreSQL host '{builder.Host}' is not a loopback address; pass --allow-remote to use it.");
                return new CeilingTarget(CeilingDatabase.Postgres, rest);
            default:
                throw new UsageException($"--ceiling: '{text}' should be sqlite:PATH or postgres:CONNECTIONSTRING.");
        }
    }

    /// <summary>Host, port and database only: a connection string may carry a password.</summary>
    private static string DescribePostgres(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }
}
