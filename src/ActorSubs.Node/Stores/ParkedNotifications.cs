using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;
using ActorSubs.Node.Api;
using ActorSubs.Node.Configuration;
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
        var stored = await AskAsync<ParkedProtocol.ParkStored>(new ParkedProtocol.Park(notification), cancellation);
        if (!stored.Added) return;
        Parked.WithLabels(WireNames.Of(store)).Inc();
        log.LogWarning("Store notification {Store} {NotificationId} parked: {Reason} ({Reference})", WireNames.Of(store), notificationId, reason, reference);
    }

    public Task<ParkedProtocol.ParkedList> ListAsync(CancellationToken cancellation) =>
        AskAsync<ParkedProtocol.ParkedList>(ParkedProtocol.GetParked.Instance, cancellation);

    private Task<T> AskAsync<T>(ParkedProtocol.IParkedMessage message, CancellationToken cancellation) =>
        region.ActorRef.AskOrUnavailableAsync<T>(message, options.Value.AskTimeout, "The parked store notifications",
            log, cancellation);
}
