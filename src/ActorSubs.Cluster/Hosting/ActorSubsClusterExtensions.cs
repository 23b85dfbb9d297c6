using System.Data;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Licences;
using ActorSubs.Cluster.Operations;
using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Cluster.Serialization;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using LinqToDB;

namespace ActorSubs.Cluster.Hosting;

/// <summary>Everything a node needs to run the ActorSubs actors, in one call.</summary>
public sealed record ActorSubsClusterOptions(
    ClusterSettings Cluster, PersistenceSettings Persistence, EntitySettings Entities, SubscriptionOptions Subscriptions)
{
    public PromptOptions Prompts { get; init; } = new();

    public PaymentOptions Payments { get; init; } = new();

    public WakeupOptions Wakeups { get; init; } = new();
}

public static class ActorSubsClusterExtensions
{
    /// <summary>Name of each node's session parent, at <c>/user/gateway</c>: other nodes ask it for session counts.</summary>
    public const string GatewaySupervisorName = "gateway";

    public static AkkaConfigurationBuilder AddActorSubsCluster(this AkkaConfigurationBuilder builder, ActorSubsClusterOptions options)
    {
        if (options.Persistence.Provider == PersistenceProvider.Sqlite)
            SqliteDatabase.Prepare(options.Persistence.ConnectionString);

        AccountMetrics.Publish();
        WakeupMetrics.Publish();
        builder
            .AddHocon($"akka.persistence.journal.sql.parallelism = {options.Persistence.EffectiveJournalParallelism}", HoconAddMode.Prepend)
            // SIGTERM is the host's to handle: it first drains the gateway (1012 to every socket, readiness
            // off), then stops Akka. Akka's own CLR hook would shut the actor system down before that.
            .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
            .WithRemoting(new RemoteOptions { HostName = options.Cluster.Hostname, Port = options.Cluster.Port })
            .WithClustering(new ClusterOptions
            {
                SeedNodes = options.Cluster.SeedNodes,
                Roles = options.Cluster.Roles,
            }.WithFailureHandling(options.Cluster.FailureDetection))
            .AddSplitBrainTimings(options.Cluster.FailureDetection)
            .WithActorSubsPersistence(options.Persistence)
            .WithCustomSerializer("actorsubs-journal", JournalJsonSerializer.BoundTypes, system => new JournalJsonSerializer(system))
            .WithCustomSerializer(WireSerializer.Name, [typeof(object)], WireSerializer.Create)
            .AddLicenceRegistry(options.Entities)
            .AddWakeups(options)
            .AddAccountEntities(options)
            .WithActors((system, registry, resolver) =>
            {
                registry.Register<GatewaySupervisor>(system.ActorOf(Props.Create<GatewaySupervisor>(), GatewaySupervisorName));
                registry.Register<MemberUpTimes>(system.ActorOf(MemberUpTimes.Props(ResolveClock(resolver)), "member-up-times"));
            });

        if (options.Cluster.UsesKubernetesDiscovery)
            builder.AddKubernetesBootstrap(options.Cluster);
        else if (options.Cluster.SeedNodes.Length == 0)
        {
            // No seed nodes: form a cluster of one by joining our own address (known only once bound,
            // which matters with port 0).
            builder.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
        }
        return builder;
    }

    /// <summary>
    /// Nodes find each other through the Kubernetes API: Akka.Management serves the bootstrap probes, and a
    /// new cluster forms only when <see cref="ClusterSettings.RequiredContactPoints"/> pods agree.
    /// </summary>
    private static void AddKubernetesBootstrap(this AkkaConfigurationBuilder builder, ClusterSettings cluster) =>
        builder
            .WithAkkaManagement(management =>
            {
                management.Port = cluster.ManagementPort;
                management.BindPort = cluster.ManagementPort;
                management.BindHostName = "0.0.0.0";
                management.HostName = cluster.Hostname;
            })
            .WithClusterBootstrap(bootstrap =>
            {
                bootstrap.ContactPointDiscovery.RequiredContactPointsNr = cluster.RequiredContactPoints;
                bootstrap.ContactPointDiscovery.PortName = "management";
            })
            .WithKubernetesDiscovery(cluster.PodLabelSelector);

    /// <summary>
    /// The SQL journal and snapshot store. Both get the connection string and provider name (the plugin creates its
    /// tables and, from the provider name, their indexes) and linq2db options that run each database operation off
    /// the plugin's actor (<see cref="OffActorDatabaseCalls"/>).
    /// </summary>
    private static AkkaConfigurationBuilder WithActorSubsPersistence(this AkkaConfigurationBuilder builder, PersistenceSettings persistence)
    {
        var dataOptions = new DataOptions()
            .UseConnectionString(persistence.ProviderName, persistence.ConnectionString)
            .UseInterceptor(OffActorDatabaseCalls.Instance);
        // Reads with isolation "unspecified" are begun by Microsoft.Data.Sqlite as BEGIN IMMEDIATE, which takes the
        // database's one write lock, so recoveries and snapshot loads queued the journal's writes (and a busy
        // connection sleeps 150 ms). ReadUncommitted makes them deferred reads; in WAL mode without a shared cache
        // they still read a consistent committed snapshot.
        IsolationLevel? reads = persistence.Provider == PersistenceProvider.Sqlite ? IsolationLevel.ReadUncommitted : null;
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = persistence.ConnectionString,
            ProviderName = persistence.ProviderName,
            AutoInitialize = true,
            DataOptions = dataOptions,
            ReadIsolationLevel = reads,
        };
        return builder.WithSqlPersistence(
            journal,
            new SqlSnapshotOptions(isDefaultPlugin: true)
            {
                ConnectionString = persistence.ConnectionString,
                ProviderName = persistence.ProviderName,
                AutoInitialize = true,
                DataOptions = dataOptions,
                ReadIsolationLevel = reads,
            });
    }

    private static AkkaConfigurationBuilder AddLicenceRegistry(this AkkaConfigurationBuilder builder, EntitySettings entities) =>
        builder.WithShardRegion<LicenceRegistryEntity>(
            "licence",
            (system, _, resolver) => key => Props.Create(() => new LicenceRegistryEntity(key, ResolveClock(resolver))),
            new LicenceMessageExtractor(entities.NumberOfShards),
            ShardOptionsFor(entities));

    /// <summary>The durable wake-up index: bucket entities, the clock singleton that loads them, the feed singleton that fills them.</summary>
    private static AkkaConfigurationBuilder AddWakeups(this AkkaConfigurationBuilder builder, ActorSubsClusterOptions options)
    {
        var shardOptions = ShardOptionsFor(options.Entities);
        shardOptions.ShouldPassivateIdleEntities = false; // buckets sleep by themselves, never with wake-ups under way
        return builder
            .WithShardRegion<WakeupBucketEntity>(
                "wakeup",
                (system, registry, resolver) =>
                {
                    var clock = ResolveClock(resolver);
                    // The account region and the clock's proxy start after this region: look them up when a bucket is created.
                    return bucketId => Props.Create(() => new WakeupBucketEntity(bucketId, options.Wakeups, clock,
                        registry.Get<AccountEntity>(), registry.Get<WakeupClock>()));
                },
                new WakeupMessageExtractor(options.Entities.NumberOfShards),
                shardOptions)
            .WithSingleton<WakeupClock>(
                "wakeup-clock",
                (system, registry, resolver) => Props.Create(() =>
                    new WakeupClock(options.Wakeups, ResolveClock(resolver), registry.Get<WakeupBucketEntity>())),
                new ClusterSingletonOptions(),
                createProxyToo: true)
            .WithSingleton<WakeupFeed>(
                "wakeup-feed",
                (system, registry, resolver) =>
                {
                    // SQLite numbers rows in commit order; on PostgreSQL a write may commit after a later-numbered one.
                    var settle = options.Persistence.Provider == PersistenceProvider.Sqlite
                        ? TimeSpan.Zero
                        : options.Wakeups.FeedGapTimeout;
                    var reader = new TagTableReader(options.Persistence, settle);
                    return Props.Create(() => new WakeupFeed(options.Wakeups, registry.Get<WakeupBucketEntity>(), reader));
                },
                new ClusterSingletonOptions(),
                createProxyToo: false);
    }

    private static AkkaConfigurationBuilder AddAccountEntities(this AkkaConfigurationBuilder builder, ActorSubsClusterOptions options) =>
        builder.WithShardRegion<AccountEntity>(
            "account",
            (system, registry, resolver) =>
            {
                var deps = new AccountEntityDependencies(options.Subscriptions, options.Prompts, options.Entities,
                    ResolveClock(resolver), registry.Get<LicenceRegistryEntity>(),
                    resolver.GetService<IPaymentChannels>() ?? new SimulatedPaymentChannels(options.Payments));
                return accountId => Props.Create(() => new AccountEntity(accountId, deps));
            },
            new AccountMessageExtractor(options.Entities.NumberOfShards),
            AccountShardOptions(options.Entities));

    /// <summary>
    /// Accounts passivate themselves (never while devices are connected), and stop through a message that
    /// waits behind writes in progress.
    /// </summary>
    private static ShardOptions AccountShardOptions(EntitySettings entities)
    {
        var options = ShardOptionsFor(entities);
        options.ShouldPassivateIdleEntities = false;
        options.HandOffStopMessage = AccountEntity.StopEntity.Instance;
        return options;
    }

    private static ShardOptions ShardOptionsFor(EntitySettings entities) => new()
    {
        StateStoreMode = Akka.Cluster.Sharding.StateStoreMode.DData,
        RememberEntities = false,
        PassivateIdleEntityAfter = entities.PassivateIdleAfter,
    };

    private static TimeProvider ResolveClock(Akka.DependencyInjection.IDependencyResolver resolver) =>
        resolver.GetService<TimeProvider>() ?? TimeProvider.System;
}
