using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace ActorSubs.Node.Tests.Support;

/// <summary>
/// Everything the crash-safety specs assume about what the journal holds, in one place: the table
/// Akka.Persistence.Sql creates, the persistence ids, the manifests of our serializer and the JSON of the
/// notification event. Keep these true (or change them here) when the account entity or the wake-up index
/// is rewritten.
/// </summary>
public static class JournalFacts
{
    // The table Akka.Persistence.Sql creates (its default "journal" table, SQLite column names).
    public const string Table = "journal";
    public const string PersistenceIdColumn = "persistence_id";
    public const string SequenceNumberColumn = "sequence_number";
    public const string ManifestColumn = "manifest";
    /// <summary>The serialized event: UTF-8 JSON written by JournalJsonSerializer (a BLOB in SQLite).</summary>
    public const string MessageColumn = "message";
    /// <summary>0 or 1; DeleteMessages marks rows 1 (and physically removes all but the highest of them).</summary>
    public const string DeletedColumn = "deleted";

    /// <summary>An account's persistence id is this prefix and the account id.</summary>
    public const string AccountPrefix = "account-";

    /// <summary>
    /// Every persistence id of a wake-up bucket starts with this. A bucket deletes its rows once it has delivered
    /// everything; the clock (<c>wakeup-clock-v2</c>) and the feed (<c>wakeup-feed</c>) keep small journals of their own.
    /// </summary>
    public const string WakeupBucketPrefix = "wakeups-";

    /// <summary>Manifest of <c>AccountEvents.NotificationRaised</c>.</summary>
    public const string NotificationRaisedManifest = "nr";

    /// <summary>The notification kind of an expiry, as the serializer writes the enum (kebab-case).</summary>
    public const string SubscriptionExpired = "subscription-expired";

    public static string AccountPersistenceId(string accountId) => AccountPrefix + accountId;

    public static string AccountIdOf(string persistenceId) => persistenceId[AccountPrefix.Length..];

    /// <summary>The kind of a NotificationRaised payload: <c>{"notification":{"kind":"…","at":"…","data":{"expiresAt":"…"}},…}</c>.</summary>
    public static string? KindOf(JsonNode payload) => payload["notification"]?["kind"]?.GetValue<string>();

    /// <summary>When the notification was raised.</summary>
    public static DateTimeOffset? RaisedAtOf(JsonNode payload) => DateOf(payload["notification"]?["at"]);

    /// <summary>The expiry the notification is about.</summary>
    public static DateTimeOffset? ExpiresAtOf(JsonNode payload) => DateOf(payload["notification"]?["data"]?["expiresAt"]);

    private static DateTimeOffset? DateOf(JsonNode? node) =>
        node is null ? null : DateTimeOffset.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One journal row: a persisted event and its JSON payload.</summary>
public sealed record JournalEvent(string PersistenceId, long SequenceNumber, string Manifest, bool Deleted, JsonNode Payload);

/// <summary>
/// Reads a node's SQLite journal from the outside, as an operator with the database file would, while the node
/// runs or after it was killed (the file is in WAL mode: reading never blocks the node's writes). Each call opens
/// its own unpooled connection, so nothing here keeps the file open between calls.
/// </summary>
public sealed class JournalReader(TestDatabase database)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder(database.ConnectionString)
    {
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>The events of one manifest written by every persistence id that starts with <paramref name="idPrefix"/>.</summary>
    public async Task<IReadOnlyList<JournalEvent>> EventsAsync(string idPrefix, string manifest)
    {
        var rows = new List<JournalEvent>();
        if (!File.Exists(new SqliteConnectionStringBuilder(_connectionString).DataSource)) return rows;
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        if (!await TableExistsAsync(connection)) return rows;
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {JournalFacts.PersistenceIdColumn}, {JournalFacts.SequenceNumberColumn}, {JournalFacts.ManifestColumn}, " +
            $"{JournalFacts.DeletedColumn}, {JournalFacts.MessageColumn} FROM {JournalFacts.Table} " +
            $"WHERE substr({JournalFacts.PersistenceIdColumn}, 1, length($prefix)) = $prefix AND {JournalFacts.ManifestColumn} = $manifest " +
            $"ORDER BY {JournalFacts.PersistenceIdColumn}, {JournalFacts.SequenceNumberColumn}";
        command.Parameters.AddWithValue("$prefix", idPrefix);
        command.Parameters.AddWithValue("$manifest", manifest);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var json = Encoding.UTF8.GetString((byte[])reader.GetValue(4));
            rows.Add(new JournalEvent(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3) != 0,
                JsonNode.Parse(json) ?? throw new InvalidOperationException($"null payload in {reader.GetString(0)}#{reader.GetInt64(1)}")));
        }
        return rows;
    }

    /// <summary>The subscription-expired notifications the journal holds, per account id (accounts without one are absent).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<JournalEvent>>> ExpiryNotificationsAsync()
    {
        var raised = await EventsAsync(JournalFacts.AccountPrefix, JournalFacts.NotificationRaisedManifest);
        return raised
            .Where(e => JournalFacts.KindOf(e.Payload) == JournalFacts.SubscriptionExpired)
            .GroupBy(e => JournalFacts.AccountIdOf(e.PersistenceId))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<JournalEvent>)g.ToList());
    }

    /// <summary>How many subscription-expired notifications the account's journal holds.</summary>
    public async Task<int> ExpiryNotificationCountAsync(string accountId)
    {
        var raised = await EventsAsync(JournalFacts.AccountPersistenceId(accountId), JournalFacts.NotificationRaisedManifest);
        return raised.Count(e => e.PersistenceId == JournalFacts.AccountPersistenceId(accountId)
                                 && JournalFacts.KindOf(e.Payload) == JournalFacts.SubscriptionExpired);
    }

    /// <summary>Undeleted rows per persistence id starting with <paramref name="idPrefix"/>, with their manifests.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> LiveRowsAsync(string idPrefix)
    {
        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!File.Exists(new SqliteConnectionStringBuilder(_connectionString).DataSource)) return new Dictionary<string, string[]>();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        if (!await TableExistsAsync(connection)) return new Dictionary<string, string[]>();
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {JournalFacts.PersistenceIdColumn}, {JournalFacts.ManifestColumn} FROM {JournalFacts.Table} " +
            $"WHERE substr({JournalFacts.PersistenceIdColumn}, 1, length($prefix)) = $prefix AND {JournalFacts.DeletedColumn} = 0 " +
            $"ORDER BY {JournalFacts.PersistenceIdColumn}, {JournalFacts.SequenceNumberColumn}";
        command.Parameters.AddWithValue("$prefix", idPrefix);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!rows.TryGetValue(reader.GetString(0), out var manifests)) rows[reader.GetString(0)] = manifests = [];
            manifests.Add(reader.IsDBNull(1) ? "<null>" : reader.GetString(1));
        }
        return rows.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    private static async Task<bool> TableExistsAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $table";
        command.Parameters.AddWithValue("$table", JournalFacts.Table);
        return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
    }
}
