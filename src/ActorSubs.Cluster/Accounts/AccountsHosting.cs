using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Licences;
using ActorSubs.Cluster.Payments;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace ActorSubs.Cluster.Accounts;

public static class AccountsHosting
{
    /// <summary>
    /// The <c>account</c> shard region. Its entities claim licence keys through the <c>licence</c> region, so
    /// <see cref="LicenceRegistryHosting.AddLicenceRegistry"/> must come first.
    /// </summary>
    public static AkkaConfigurationBuilder AddAccounts(this AkkaConfigurationBuilder builder, ActorSubsClusterOptions options)
    {
        AccountMetrics.Publish();
        PaymentMetrics.Publish();
        TimelineWritePermits.Publish();
        // Accounts passivate themselves (never while devices are connected), and stop through a message that waits
        // behind writes in progress.
        var shardOptions = EntityShards.Options(options.Entities);
        shardOptions.ShouldPassivateIdleEntities = false;
        shardOptions.HandOffStopMessage = AccountEntity.StopEntity.Instance;
        return builder.WithShardRegion<AccountEntity>(
            "account",
            (system, registry, resolver) =>
            {
                var deps = new AccountEntityDependencies(options.Subscriptions, options.Prompts, options.Entities,
                    HostedClock.From(resolver), registry.Get<LicenceRegistryEntity>(),
                    // No silent default: the host chooses the channels (the node from ActorSubs:Payments:Provider).
                    resolver.GetService<IPaymentChannels>() ?? throw new InvalidOperationException(
                        $"No {nameof(IPaymentChannels)} is registered: the node registers one from {PaymentOptions.Section}:Provider."),
                    options.Payments, options.Wakeups, new TimelineWritePermits(options.Entities.TimelineWritesInFlight));
                return accountId => ActorProps.Of(() => new AccountEntity(accountId, deps));
            },
            // Spread over a fixed number of shards by a stable hash of the account id.
            HashCodeMessageExtractor.Create(options.Entities.NumberOfShards, m => (m as IWithAccountId)?.AccountId),
            shardOptions);
    }
}
