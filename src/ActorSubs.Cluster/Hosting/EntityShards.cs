using ActorSubs.Cluster.Accounts;
using Akka.Cluster.Hosting;

namespace ActorSubs.Cluster.Hosting;

/// <summary>What every shard region of a node shares: coordinator state in DData, no remember-entities, idle passivation.</summary>
internal static class EntityShards
{
    public static ShardOptions Options(EntitySettings entities) => new()
    {
        StateStoreMode = Akka.Cluster.Sharding.StateStoreMode.DData,
        RememberEntities = false,
        PassivateIdleEntityAfter = entities.PassivateIdleAfter,
    };
}
