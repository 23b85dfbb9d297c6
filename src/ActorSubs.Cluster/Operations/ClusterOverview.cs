using Akka.Cluster;

namespace ActorSubs.Cluster.Operations;

/// <summary>
/// The cluster as this node sees it (<c>GET /api/admin/cluster</c>, docs/api.md). A count is null when it could not be
/// learnt in time: the member did not answer, or the sharding statistics did not arrive; the rest is still reported.
/// </summary>
public sealed record ClusterOverview(
    string Self, string? Leader, IReadOnlyList<ClusterMemberView> Members, IReadOnlyList<ClusterNodeView> Nodes,
    IReadOnlyList<string> Unreachable);

/// <param name="UpSince">When the answering node saw this member become Up (see <see cref="MemberUpTimes"/>); null before it is Up.</param>
/// <param name="DataCenter">Akka.NET has no multi-data-center clustering: every member is in Akka's "default" data center.</param>
public sealed record ClusterMemberView(string Address, MemberStatus Status, IReadOnlyList<string> Roles, DateTimeOffset? UpSince, string DataCenter);

/// <summary>What one member hosts: account shards and live (in-memory) accounts, and its gateway's open sessions.</summary>
public sealed record ClusterNodeView(string Address, int? Shards, int? LiveAccounts, int? DeviceSessions, int? HostSessions);
