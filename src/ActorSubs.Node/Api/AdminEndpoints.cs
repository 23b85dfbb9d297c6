using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace ActorSubs.Node.Api;

public sealed record ClusterMemberView(string Address, string Status, string[] Roles, int Shards, int? LiveSessions);

public sealed record ClusterView(string Self, string? Leader, ClusterMemberView[] Members, int TotalShards);

/// <summary>Operator routes of SPEC §2.</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("admin");

        admin.MapPut("/accounts/{accountId}/subscription", async (HttpContext http, string accountId, AccountClient client) =>
            {
                Authentication.RequireOperator(http);
                var id = Validate.Id(accountId, "accountId");
                var request = await RequestBody.ReadAsync<SubscriptionAdjustmentRequest>(http);
                return await client.ExecuteAsync(id, request.ToCommand(), Caller.Operator, http.RequestAborted);
            })
            .Accepts<SubscriptionAdjustmentRequest>("application/json").Produces<AccountView>()
            .WithSummary("Operator adjustment of a subscription (support, tests, demos).");

        admin.MapGet("/cluster", async (HttpContext http, ActorSystem system, IRequiredActor<AccountEntity> accounts) =>
            {
                Authentication.RequireOperator(http);
                return await DescribeClusterAsync(system, accounts.ActorRef, http.RequestAborted);
            })
            .Produces<ClusterView>().WithSummary("Members, roles, account shards per member, live sessions per node.");
    }

    /// <summary>Asks the node's session parent how many sessions it holds; null when the node does not answer.</summary>
    private static async Task<int?> LiveSessionsAsync(ActorSystem system, Address address)
    {
        var gateway = system.ActorSelection(new RootActorPath(address) / "user" / ActorSubsClusterExtensions.GatewaySupervisorName);
        try
        {
            var count = await gateway.Ask<GatewaySupervisor.SessionCount>(GatewaySupervisor.CountSessions.Instance, TimeSpan.FromSeconds(2));
            return count.Sessions;
        }
        catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException)
        {
            return null;
        }
    }

    private static async Task<ClusterView> DescribeClusterAsync(ActorSystem system, IActorRef accounts, CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var stats = await accounts.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(3)),
            TimeSpan.FromSeconds(5), cancellation);
        var sessions = await Task.WhenAll(state.Members.Select(m => LiveSessionsAsync(system, m.Address)));
        var members = state.Members
            .Select((m, i) => new ClusterMemberView(
                m.Address.ToString(), m.Status.ToString().ToLowerInvariant(), m.Roles.ToArray(),
                stats.Regions.TryGetValue(m.Address, out var region) ? region.Stats.Count : 0,
                sessions[i]))
            .ToArray();
        return new ClusterView(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members, members.Sum(m => m.Shards));
    }
}
