using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Hosting;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace ActorSubs.Cluster.Licences;

public static class LicenceRegistryHosting
{
    /// <summary>The <c>licence</c> shard region: one <see cref="LicenceRegistryEntity"/> per licence key (R7 in docs/rules.md across the cluster).</summary>
    public static AkkaConfigurationBuilder AddLicenceRegistry(this AkkaConfigurationBuilder builder, EntitySettings entities) =>
        builder.WithShardRegion<LicenceRegistryEntity>(
            "licence",
            (system, _, resolver) => key => ActorProps.Of(() => new LicenceRegistryEntity(key, HostedClock.From(resolver))),
            // A claim is the region's only message.
            HashCodeMessageExtractor.Create(entities.NumberOfShards, m => (m as LicenceProtocol.Claim)?.Key),
            EntityShards.Options(entities));
}
