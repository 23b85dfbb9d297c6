using ActorSubs.Cluster.Operations;
using ActorSubs.Cluster.Stores;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Node.Stores;

namespace ActorSubs.Node.Api;

/// <summary>Operator routes (docs/api.md).</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("admin").RequireAuthorization(ApiPolicies.Operator);

        AccountEndpoints.MapCommand<SubscriptionAdjustmentRequest>(admin, HttpMethod.Put, "/accounts/{accountId}/subscription",
            r => r.ToCommand(), "Operator adjustment of a subscription (support, tests, demos).");

        admin.MapGet("/cluster", (ClusterOverviewQuery overview, CancellationToken cancellation) => overview.DescribeAsync(cancellation))
            .WithSummary("Members with status, roles and up-since; account shards, live accounts and device and host sessions per node; unreachable members.");

        admin.MapGet("/stores/parked", (ParkedNotifications parked, CancellationToken cancellation) => parked.ListAsync(cancellation))
            .WithSummary("Store notifications that reached no account, newest first (at most 1,000), and how many were ever parked.");
        admin.MapGet("/wakeups", () => WakeupMetrics.Figures())
            .WithSummary("This node's wake-up index: pending and overdue wake-ups, overdue spans, mean lateness since start.");
    }
}
