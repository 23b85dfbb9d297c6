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
        // Not resent: a second Park is recognised, but answered "not added", and this one would go uncounted.
        var stored = await AskAsync<ParkedProtocol.ParkStored>(new ParkedProtocol.Park(notification), repeatable: false, cancellation);
        if (!stored.Added) return;
        Parked.WithLabels(WireNames.Of(store)).Inc();
        log.LogWarning("Store notification {Store} {NotificationId} parked: {Reason} ({Reference})", WireNames.Of(store), notificationId, reason, reference);
    }

    public Task<ParkedProtocol.ParkedList> ListAsync(CancellationToken cancellation) =>
        AskAsync<ParkedProtocol.ParkedList>(ParkedProtocol.GetParked.Instance, repeatable: true, cancellation);

    private Task<T> AskAsync<T>(ParkedProtocol.IParkedMessage message, bool repeatable, CancellationToken cancellation) =>
        region.ActorRef.AskOrUnavailableAsync<T>(message, message.GetType().Name, repeatable, "The parked store notifications",
            options.Value, log, cancellation);
}
