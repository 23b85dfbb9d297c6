using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Hosting;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace ActorSubs.Cluster.Stores;

public static class StoresHosting
{
    /// <summary>
    /// The <c>store-link</c> shard region (one <see cref="StoreLinkEntity"/> per link key) and the <c>store-parked</c>
    /// region (the one <see cref="ParkedNotificationsEntity"/>), both passivated when idle like the licence registry.
    /// </summary>
    public static AkkaConfigurationBuilder AddStores(this AkkaConfigurationBuilder builder, EntitySettings entities) =>
        builder
            .WithShardRegion<StoreLinkEntity>(
                "store-link",
                (_, _, resolver) => linkId => ActorProps.Of(() => new StoreLinkEntity(linkId, HostedClock.From(resolver))),
                HashCodeMessageExtractor.Create(entities.NumberOfShards,
                    message => (message as IWithStoreLinkId)?.LinkId),
                EntityShards.Options(entities))
            .WithShardRegion<ParkedNotificationsEntity>(
                "store-parked",
                _ => ActorProps.Of(() => new ParkedNotificationsEntity()),
                // Every message of the parked list goes to its one entity.
                HashCodeMessageExtractor.Create(entities.NumberOfShards,
                    message => message is ParkedProtocol.IParkedMessage ? ParkedProtocol.EntityId : null),
                EntityShards.Options(entities));
}
