using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace ActorSubs.Cluster.Hosting;

/// <summary>
/// Puts <see cref="FailureDetectionSettings"/> into the actor system: the cluster failure detector and the keep-majority
/// split-brain resolver through Akka.Cluster.Hosting's options, the sharding coordinator's DData majority through
/// <c>WithShardingDistributedData</c>, and through HOCON what Akka.Cluster.Hosting 1.5.73 has no option for: the SBR
/// timings <c>KeepMajorityOption</c> does not carry (stable-after, down-all-when-unstable), the down-removal margin, the
/// gossip and leader intervals, the coordinator's write-majority-plus and the region's retry interval.
/// </summary>
public static class FailureHandling
{
    public static ClusterOptions WithFailureHandling(this ClusterOptions cluster, FailureDetectionSettings settings)
    {
        cluster.SplitBrainResolver = new KeepMajorityOption();
        // Only the two timings are set; threshold, min-std-deviation and the rest keep Akka's defaults.
        cluster.FailureDetector = new PhiAccrualFailureDetectorOptions
        {
            HeartbeatInterval = settings.HeartbeatInterval,
            AcceptableHeartbeatPause = settings.AcceptableHeartbeatPause,
        };
        return cluster;
    }

    public static AkkaConfigurationBuilder AddSplitBrainTimings(this AkkaConfigurationBuilder builder, FailureDetectionSettings settings) =>
        builder.AddHocon(
            $$"""
            akka.cluster {
              split-brain-resolver {
                stable-after = {{Hocon(settings.StableAfter)}}
                down-all-when-unstable = {{Hocon(settings.DownAllWhenUnstable)}}
              }
              down-removal-margin = {{Hocon(settings.DownRemovalMargin)}}
              gossip-interval = {{Hocon(settings.GossipInterval)}}
              leader-actions-interval = {{Hocon(settings.GossipInterval)}}
              unreachable-nodes-reaper-interval = {{Hocon(settings.GossipInterval)}}
              # A shard coordinator writes its state (allocations, a terminated region's shards) to a majority plus 3, at
              # least 5 nodes: on a small cluster every node. While a crashed node is unreachable but not yet removed, each
              # write then waits out updating-state-timeout (5 s) and the coordinator holds every allocation meanwhile
              # (seen in a failover: the wake-up coordinator stalled twice). A plain majority keeps allocating through
              # the failure window; reads at a coordinator's start still ask every node (read-majority-plus 5), so a
              # new coordinator sees each write that reached a majority, as long as no more than one node of three is lost.
              # (majority-min-cap = 2 for the coordinator's DData is set through WithShardingDistributedData below.)
              sharding {
                coordinator-state.write-majority-plus = 0
                # A region asks the coordinator again for the home of a shard it holds messages for on this tick; after a
                # crash, the moved shards' first messages wait for it (Akka's 2 s was up to 2 s of every failover).
                retry-interval = {{Hocon(settings.GossipInterval)}}
              }
            }
            """,
            HoconAddMode.Prepend)
            .WithShardingDistributedData(data => data.MajorityMinimumCapacity = 2);

    private static string Hocon(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
