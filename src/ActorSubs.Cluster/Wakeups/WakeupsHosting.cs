using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Hosting;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace ActorSubs.Cluster.Wakeups;

public static class WakeupsHosting
{
    /// <summary>The durable wake-up index: bucket entities, the clock singleton that loads them, the feed singleton that fills them.</summary>
    public static AkkaConfigurationBuilder AddWakeups(this AkkaConfigurationBuilder builder, ActorSubsClusterOptions options)
    {
        WakeupMetrics.Publish();
        var shardOptions = EntityShards.Options(options.Entities);
        shardOptions.ShouldPassivateIdleEntities = false; // buckets sleep by themselves, never with wake-ups under way
        return builder
            .WithShardRegion<WakeupBucketEntity>(
                "wakeup",
                (system, registry, resolver) =>
                {
                    var clock = HostedClock.From(resolver);
                    // The account region and the clock's proxy start after this region: look them up when a bucket is created.
                    return bucketId => ActorProps.Of(() => new WakeupBucketEntity(bucketId, options.Wakeups, clock,
                        registry.Get<AccountEntity>(), registry.Get<WakeupClock>()));
                },
                HashCodeMessageExtractor.Create(options.Entities.NumberOfShards, m => (m as IWithBucketId)?.BucketId),
                shardOptions)
            .WithSingleton<WakeupClock>(
                "wakeup-clock",
                (system, registry, resolver) => ActorProps.Of(() =>
                    new WakeupClock(options.Wakeups, HostedClock.From(resolver), registry.Get<WakeupBucketEntity>())),
                // Akka.Cluster.Tools 1.5.73 arms the proxy's identification-failure timer with no initial delay
                // (akkadotnet/akka.net#8568), so it warned "failed to find [wakeup-clock] after 30 seconds" at every start
                // and every change of oldest member, in the same millisecond it began to look. A clock that is really
                // missing still shows: the bucket's BucketFilled ask fails and the feed logs its failed round.
                new ClusterSingletonOptions { LogSingletonIdentificationFailure = false },
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
                    return ActorProps.Of(() => new WakeupFeed(options.Wakeups, registry.Get<WakeupBucketEntity>(), reader));
                },
                new ClusterSingletonOptions(),
                createProxyToo: false);
    }
}
