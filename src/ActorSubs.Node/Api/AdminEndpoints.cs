using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Operations;
using ActorSubs.Domain;

namespace ActorSubs.Node.Api;

/// <summary>Operator routes (docs/api.md).</summary>
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

        admin.MapGet("/cluster", async (HttpContext http, ClusterOverviewQuery overview) =>
            {
                Authentication.RequireOperator(http);
                return await overview.DescribeAsync(http.RequestAborted);
            })
            .Produces<ClusterOverview>()
            .WithSummary("Members with status, roles and up-since; account shards, live accounts and device and host sessions per node; unreachable members.");
    }
}
