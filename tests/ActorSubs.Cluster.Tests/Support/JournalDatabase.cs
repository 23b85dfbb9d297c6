using Microsoft.Data.Sqlite;

namespace ActorSubs.Cluster.Tests.Support;

/// <summary>
/// Reads the SQLite file the journal writes, the way an operator would: what tables exist, which rows an entity
/// has. The table names are looked up in <c>sqlite_master</c> rather than assumed.
/// </summary>
public sealed class JournalDatabase(string file)
{
    private string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = file,
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = false,
    }.ToString();

    public IReadOnlyList<string> Tables() =>
        Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", r => r.GetString(0));

    /// <summary>The event table: "journal" with Akka.Persistence.Sql's defaults (not its metadata table).</summary>
    public string JournalTable => Tables().Single(t =>
        t.Contains("journal", StringComparison.OrdinalIgnoreCase) && !t.Contains("metadata", StringComparison.OrdinalIgnoreCase));

    public string SnapshotTable => Tables().Single(t => t.Contains("snapshot", StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<string> Columns(string table) =>
        Query($"SELECT name FROM pragma_table_info('{table}')", r => r.GetString(0));

    public long EventCount(string persistenceId) =>
        Query($"SELECT COUNT(*) FROM \"{JournalTable}\" WHERE persistence_id = $id", r => r.GetInt64(0), ("$id", persistenceId)).Single();

    /// <summary>
    /// The account's own events, without the <c>WakeupScheduled</c> rows ("ws") that ride along whenever a write moves
    /// the next due instant: what most specs are about.
    /// </summary>
    public IReadOnlyList<string> DomainManifests(string persistenceId) =>
        Events(persistenceId).Select(e => e.Manifest).Where(m => m != "ws").ToArray();

    /// <summary>Rows not deleted (the plugin keeps the highest deleted row, marked, to remember the sequence number).</summary>
    public IReadOnlyList<StoredEvent> LiveEvents(string persistenceId) =>
        Query($"SELECT sequence_number, manifest, identifier FROM \"{JournalTable}\" WHERE persistence_id = $id AND deleted = 0 ORDER BY sequence_number",
            r => new StoredEvent(r.GetInt64(0), r.GetString(1), r.GetInt32(2)), ("$id", persistenceId));

    public IReadOnlyList<StoredEvent> Events(string persistenceId) =>
        Query($"SELECT sequence_number, manifest, identifier FROM \"{JournalTable}\" WHERE persistence_id = $id ORDER BY sequence_number",
            r => new StoredEvent(r.GetInt64(0), r.GetString(1), r.GetInt32(2)), ("$id", persistenceId));

    public IReadOnlyList<StoredSnapshot> Snapshots(string persistenceId) =>
        Query($"SELECT sequence_number, manifest, serializer_id FROM \"{SnapshotTable}\" WHERE persistence_id = $id ORDER BY sequence_number",
            r => new StoredSnapshot(r.GetInt64(0), r.GetString(1), r.GetInt32(2)), ("$id", persistenceId));

    /// <summary>The stored bytes of one event (Akka.Persistence.Sql's "message" column), to read what was written.</summary>
    public byte[] Payload(string persistenceId, long sequenceNr) =>
        Query($"SELECT message FROM \"{JournalTable}\" WHERE persistence_id = $id AND sequence_number = $seq",
            r => (byte[])r.GetValue(0), ("$id", persistenceId), ("$seq", sequenceNr)).Single();

    /// <summary>Removes events from the file, to prove that recovery no longer needs them.</summary>
    public int DeleteEventsUpTo(string persistenceId, long sequenceNr)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM \"{JournalTable}\" WHERE persistence_id = $id AND sequence_number <= $seq";
        command.Parameters.AddWithValue("$id", persistenceId);
        command.Parameters.AddWithValue("$seq", sequenceNr);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Takes the file's write lock and keeps it until disposed: the journal's writer waits for it, as it would for a
    /// stalled disk. Readers go on (WAL).
    /// </summary>
    public IDisposable HoldWriteLock()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();
        return connection; // closing it rolls the empty transaction back and frees the lock
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}

public sealed record StoredEvent(long SequenceNr, string Manifest, int SerializerId);

public sealed record StoredSnapshot(long SequenceNr, string Manifest, int SerializerId);
