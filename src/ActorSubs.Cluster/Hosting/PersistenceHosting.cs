using System.Data;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;

namespace ActorSubs.Cluster.Hosting;

public static class PersistenceHosting
{
    /// <summary>
    /// The SQL journal and snapshot store. Both get the connection string and provider name (the plugin creates its
    /// tables and, from the provider name, their indexes) and linq2db options that run each database operation off
    /// the plugin's actor (<see cref="OffActorDatabaseCalls"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithActorSubsPersistence(this AkkaConfigurationBuilder builder, PersistenceSettings persistence)
    {
        if (persistence.Provider == PersistenceProvider.Sqlite)
            SqliteDatabase.Prepare(persistence.ConnectionString);

        var dataOptions = new DataOptions()
            .UseConnectionString(persistence.ProviderName, persistence.EffectiveConnectionString)
            .UseInterceptor(OffActorDatabaseCalls.Instance);
        // Reads with isolation "unspecified" are begun by Microsoft.Data.Sqlite as BEGIN IMMEDIATE, which takes the
        // database's one write lock, so recoveries and snapshot loads queued the journal's writes (and a busy
        // connection sleeps 150 ms). ReadUncommitted makes them deferred reads; in WAL mode without a shared cache
        // they still read a consistent committed snapshot.
        IsolationLevel? reads = persistence.Provider == PersistenceProvider.Sqlite ? IsolationLevel.ReadUncommitted : null;
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = persistence.EffectiveConnectionString,
            ProviderName = persistence.ProviderName,
            AutoInitialize = true,
            DataOptions = dataOptions,
            ReadIsolationLevel = reads,
        };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = persistence.EffectiveConnectionString,
            ProviderName = persistence.ProviderName,
            AutoInitialize = true,
            DataOptions = dataOptions,
            ReadIsolationLevel = reads,
        };
        return builder
            // The journal's concurrent writers and its write queue: SqlJournalOptions 1.5.70 has no property for
            // "parallelism" or "buffer-size" (its MaxConcurrentQueries is the query side's throttle), so they stay HOCON.
            .AddHocon($"""
                akka.persistence.journal.sql.parallelism = {persistence.EffectiveJournalParallelism}
                akka.persistence.journal.sql.buffer-size = {persistence.JournalWriteQueue}
                """, HoconAddMode.Prepend)
            .WithSqlPersistence(journal, snapshots);
    }
}
