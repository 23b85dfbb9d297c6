using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;
using ActorSubs.Node.Api;
using ActorSubs.Node.Configuration;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace ActorSubs.Node.Stores;

/// <summary>
/// Store notifications that reached no account: written to the cluster's parked list (before the store is answered 200,
/// so none is lost), counted in <c>actorsubs_store_notifications_parked_total{store}</c> and listed at
/// <c>GET /api/admin/stores/parked</c>.
/// </summary>
public sealed class ParkedNotifications(IRequiredActor<ParkedNotificationsEntity> region, IOptions<ApiOptions> options,
    TimeProvider clock, ILogger<ParkedNotifications> log)
{
    private static readonly Counter Parked = Metrics.CreateCounter(
        "actorsubs_store_notifications_parked_total", "Verified store notifications that reached no account, by store.", "store");

    public async Task ParkAsync(StoreName store, string notificationId, string reason, string reference, CancellationToken cancellation)
    {
        var notification = new ParkedNotification(store, notificationId, clock.GetUtcNow(), reason, reference);
        var stored = (ParkedProtocol.ParkStored)await AskAsync(new ParkedProtocol.Park(notification), cancellation);
        if (!stored.Added) return;
        Parked.WithLabels(WireNames.Of(store)).Inc();
        log.LogWarning("Store notification {Store} {NotificationId} parked: {Reason} ({Reference})", WireNames.Of(store), notificationId, reason, reference);
    }

    public async Task<ParkedProtocol.ParkedList> ListAsync(CancellationToken cancellation) =>
        (ParkedProtocol.ParkedList)await AskAsync(ParkedProtocol.GetParked.Instance, cancellation);

    private async Task<object> AskAsync(ParkedProtocol.IParkedMessage message, CancellationToken cancellation)
    {
        try
        {
            return await region.ActorRef.Ask<object>(message, options.Value.AskTimeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, RejectionCodes.Unavailable, "Temporarily unavailable.",
                "The parked store notifications did not answer in time; retry.");
        }
    }
}
