using System.Data.Common;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Measurement;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorSubs.LoadTest.Ceiling;

/// <summary>
/// The raw single-row insert rate of a database: C writers, each with its own connection, each INSERT of
/// one ~200-byte row its own autocommit transaction. What an event journal writing one event per
/// transaction could reach at best; the actor journal batches, so it can also exceed it.
/// </summary>
public static class InsertCeiling
{
    public const int PayloadBytes = 200;

    public static async Task<ClosedLoopResult> RunAsync(CeilingTarget target, ClosedLoopPlan plan, CancellationToken cancellation)
    {
        try
        {
            return target.Database switch
            {
                CeilingDatabase.Sqlite => await RunSqliteAsync(target.Location, plan, cancellation),
                _ => await RunPostgresAsync(target.Location, plan, cancellation),
            };
        }
        catch (DbException e)
        {
            throw new RunFailedException($"the insert ceiling on {target.Describe()} could not be set up", e);
        }
    }

    private static async Task<ClosedLoopResult> RunSqliteAsync(string path, ClosedLoopPlan plan, CancellationToken cancellation)
    {
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        // The node's settings: a plain "Data Source=…" connection string and the file switched to WAL.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync(cancellation);
            var mode = await ScalarAsync(setup, "PRAGMA journal_mode=WAL;", cancellation);
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
                throw new RunFailedException($"SQLite file {path} refused WAL mode (got '{mode}').");
            await ExecuteAsync(setup, $"DROP TABLE IF EXISTS {CeilingTarget.SqliteTable};", cancellation);
            await ExecuteAsync(setup,
                $"CREATE TABLE {CeilingTarget.SqliteTable} (id INTEGER PRIMARY KEY, payload BLOB NOT NULL, created INTEGER NOT NULL);",
                cancellation);
        }

        return await ClosedLoop.RunAsync(plan, async (_, ct) =>
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO {CeilingTarget.SqliteTable} (payload, created) VALUES ($payload, $created);";
            var payload = command.Parameters.Add("$payload", SqliteType.Blob);
            var created = command.Parameters.Add("$created", SqliteType.Integer);
            command.Prepare();
            return new DbWorker(connection, command, () =>
            {
                payload.Value = NewPayload();
                created.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            }, "sqlite");
        }, cancellation);
    }

    private static async Task<ClosedLoopResult> RunPostgresAsync(string connectionString, ClosedLoopPlan plan, CancellationToken cancellation)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // One connection per writer, plus the set-up one.
        if (builder.MaxPoolSize < plan.Concurrency + 1) builder.MaxPoolSize = plan.Concurrency + 1;
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var setup = await dataSource.OpenConnectionAsync(cancellation))
        {
            await ExecuteAsync(setup, $"DROP TABLE IF EXISTS {CeilingTarget.PostgresTable};", cancellation);
            await ExecuteAsync(setup,
                $"CREATE TABLE {CeilingTarget.PostgresTable} (id bigserial PRIMARY KEY, payload bytea NOT NULL, created timestamptz NOT NULL);",
                cancellation);
        }

        return await ClosedLoop.RunAsync(plan, async (_, ct) =>
        {
            var connection = await dataSource.OpenConnectionAsync(ct);
            var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO {CeilingTarget.PostgresTable} (payload, created) VALUES ($1, $2);";
            var payload = new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea };
            var created = new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz };
            command.Parameters.Add(payload);
            command.Parameters.Add(created);
            await command.PrepareAsync(ct);
            return new DbWorker(connection, command, () =>
            {
                payload.Value = NewPayload();
                created.Value = DateTime.UtcNow;
            }, "postgres");
        }, cancellation);
    }

    private static byte[] NewPayload()
    {
        var bytes = new byte[PayloadBytes];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellation);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>A writer: its own connection and prepared INSERT; a database error is counted, not thrown.</summary>
    private sealed class DbWorker(DbConnection connection, DbCommand command, Action fillParameters, string kind) : ILoadWorker
    {
        public async ValueTask<Outcome> ExecuteAsync(CancellationToken cancellation)
        {
            fillParameters();
            try
            {
                var rows = await command.ExecuteNonQueryAsync(cancellation);
                return rows == 1 ? Outcome.Success : Outcome.Failed(new ErrorKey(0, $"{kind}-rows-{rows}"));
            }
            catch (SqliteException e)
            {
                return Outcome.Failed(new ErrorKey(0, $"sqlite-error-{e.SqliteErrorCode}"), e.Message);
            }
            catch (PostgresException e)
            {
                return Outcome.Failed(new ErrorKey(0, $"postgres-{e.SqlState}"), e.MessageText);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
