using System.Collections.Immutable;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Hosting;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace ActorSubs.Cluster.Operations;

/// <summary>
/// Builds the <see cref="ClusterOverview"/>: membership from this node's cluster state, shards and live accounts from the
/// account region's sharding statistics, sessions by asking each serving member's gateway. Every remote question has
/// the same deadline and they run side by side, so a dead or slow member costs one timeout, never a failed answer.
/// </summary>
public sealed class ClusterOverviewQuery(ActorSystem system, IActorRef accountRegion, IActorRef memberUpTimes, TimeSpan timeout)
{
    /// <summary>Akka.NET 1.5 has no data centers; the JVM's name for the one every member is in.</summary>
    public const string DefaultDataCenter = "default";

    /// <summary>Members that can hold shards and sessions: listed under <c>nodes</c>.</summary>
    private static readonly MemberStatus[] Serving = [MemberStatus.Up, MemberStatus.WeaklyUp, MemberStatus.Leaving];

    public async Task<ClusterOverview> DescribeAsync(CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        var serving = state.Members.Where(m => Serving.Contains(m.Status)).ToList();

        var statsTask = ShardingStatsAsync(cancellation);
        var sessionsTask = Task.WhenAll(serving.Select(m =>
            unreachable.Contains(m.UniqueAddress) ? Task.FromResult<GatewaySupervisor.SessionCount?>(null) : SessionsAsync(m.Address, cancellation)));
        var upTimes = await memberUpTimes.Ask<ImmutableDictionary<UniqueAddress, DateTimeOffset>>(MemberUpTimes.Get.Instance, timeout, cancellation);
        var stats = await statsTask;
        var sessions = await sessionsTask;

        var members = state.Members
            .Select(m => new ClusterMemberView(m.Address.ToString(), m.Status, m.Roles.OrderBy(r => r, StringComparer.Ordinal).ToArray(),
                upTimes.TryGetValue(m.UniqueAddress, out var since) ? since : null, DefaultDataCenter))
            .ToArray();
        var nodes = serving
            .Select((m, i) =>
            {
                var region = stats?.Regions.GetValueOrDefault(m.Address);
                return new ClusterNodeView(m.Address.ToString(),
                    region is null ? null : region.Stats.Count + region.Failed.Count,
                    region?.Stats.Values.Sum(),
                    sessions[i]?.DeviceSessions, sessions[i]?.HostSessions);
            })
            .ToArray();
        return new ClusterOverview(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members, nodes,
            state.Unreachable.Select(m => m.Address.ToString()).ToArray());
    }

    /// <summary>Null when the coordinator or the regions do not answer in time (no coordinator during a failover).</summary>
    private Task<ClusterShardingStats?> ShardingStatsAsync(CancellationToken cancellation) =>
        // The regions get the whole timeout to answer; the ask waits a little longer for the region's reply.
        OrNull(accountRegion.Ask<ClusterShardingStats>(
            new GetClusterShardingStats(timeout), timeout + timeout / 2, cancellation));

    /// <summary>The member's gateway at <c>/user/gateway</c>; null when it does not answer in time.</summary>
    private Task<GatewaySupervisor.SessionCount?> SessionsAsync(Address address, CancellationToken cancellation) =>
        OrNull(system.ActorSelection(new RootActorPath(address) / "user" / GatewayHosting.SupervisorName)
            .Ask<GatewaySupervisor.SessionCount>(GatewaySupervisor.CountSessions.Instance, timeout, cancellation));

    private static async Task<T?> OrNull<T>(Task<T> ask) where T : class
    {
        try
        {
            return await ask;
        }
        catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException)
        {
            return null;
        }
    }
}
