using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Licences;
using Akka.Cluster.Sharding;

namespace ActorSubs.Cluster.Hosting;

/// <summary>Accounts are spread over a fixed number of shards by a stable hash of the account id.</summary>
public sealed class AccountMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithAccountId m => m.AccountId,
        _ => null,
    };
}

public sealed class LicenceMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithLicenceKey m => m.Key,
        _ => null,
    };
}

public sealed class WakeupMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => (message as ActorSubs.Cluster.Wakeups.IWithBucketId)?.BucketId;
}
