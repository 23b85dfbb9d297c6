using System.Data.Common;
using System.Globalization;
using ActorSubs.Cluster.Hosting;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>One tagged journal row: its position in the journal, whose it is, and the stored event as bytes.</summary>
public sealed record TaggedRow(long Ordering, string PersistenceId, byte[] Message, string Manifest, int SerializerId);

/// <summary>
/// Reads the rows of one tag in journal order from Akka.Persistence.Sql's own tables (<c>tags</c>, <c>journal</c>),
/// through an index on (tag, ordering_id) it adds: each read is one index range, however far behind the reader is.
/// The plugin's EventsByTag query sorts everything not yet read on every read, which made a feed that had fallen
/// behind (a burst of sign-ups, an outage) slower the further behind it was, until rounds took over a minute.
/// </summary>
/// <remarks>
/// Only rows up to the <see cref="SettledHorizon"/> are read: on PostgreSQL a write can commit after a later-numbered
/// one, and a row that appeared behind the reader's position would never be read. SQLite has one writer and numbers
/// rows in commit order, so there (settle zero) every committed row is read at once.
/// </remarks>
public sealed class TagTableReader(PersistenceSettings persistence, TimeSpan settle)
{
    private const string Query =
        "SELECT t.ordering_id, j.persistence_id, j.message, j.manifest, j.identifier " +
        "FROM tags t JOIN journal j ON j.ordering = t.ordering_id " +
        "WHERE t.tag = @tag AND t.ordering_id > @after AND t.ordering_id <= @horizon " +
        "ORDER BY t.ordering_id LIMIT @max";

    private const string HighestQuery = "SELECT COALESCE(MAX(ordering), 0) FROM journal";

    private readonly SettledHorizon? _horizon = settle > TimeSpan.Zero ? new SettledHorizon(settle) : null;

    public async Task EnsureIndexAsync(CancellationToken cancellation)
    {
        await using var connection = await persistence.OpenConnectionAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE INDEX IF NOT EXISTS tags_tag_ordering_idx ON tags (tag, ordering_id)";
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public async Task<IReadOnlyList<TaggedRow>> ReadAsync(string tag, long after, int max, CancellationToken cancellation)
    {
        await using var connection = await persistence.OpenConnectionAsync(cancellation);
        var horizon = long.MaxValue;
        if (_horizon is not null)
        {
            await using var highest = connection.CreateCommand();
            highest.CommandText = HighestQuery;
            var observedAt = DateTime.UtcNow;
            var visible = Convert.ToInt64(await highest.ExecuteScalarAsync(cancellation), CultureInfo.InvariantCulture);
            horizon = _horizon.Observe(observedAt, visible);
            if (horizon <= after) return [];
        }
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        Add(command, "@tag", tag);
        Add(command, "@after", after);
        Add(command, "@horizon", horizon);
        Add(command, "@max", max);
        var rows = new List<TaggedRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(new TaggedRow(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2),
                reader.IsDBNull(3) ? "" : reader.GetString(3), reader.IsDBNull(4) ? 0 : reader.GetInt32(4)));
        }
        return rows;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
