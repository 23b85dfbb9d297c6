using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores.GooglePlay;

/// <summary>
/// <c>POST /api/stores/google-play/notifications?token=…</c>: check the push token, read the envelope, read the
/// subscription's state from the Play Developer API, map, deliver. A failure to read the API is answered 503 so that
/// Pub/Sub retries the push.
/// </summary>
public sealed class GooglePlayNotificationRoute(IOptions<GooglePlayOptions> options, IHttpClientFactory httpClients,
    StoreNotificationDelivery delivery, ILogger<GooglePlayNotificationRoute> log)
{
    /// <summary>The named HttpClient of the Play Developer API (its timeout is <see cref="GooglePlayOptions.ApiTimeout"/>).</summary>
    public const string HttpClientName = "google-play-developer-api";

    public async Task<StoreNotificationOutcome> HandleAsync(HttpContext http)
    {
        var o = options.Value;
        if (!o.IsConfigured) throw StoreProblems.NotConfigured("Google Play", GooglePlayOptions.Section);
        StoreMapping mapping;
        try
        {
            // The push token first: a caller without it learns nothing about the body's shape.
            PubSubPush.VerifyToken(http.Request.Query["token"].ToString(), o.PushToken!);
            var push = PubSubPush.Read(await StoreRequestBody.ReadAsync(http), o.PackageName!);
            mapping = PlayNotificationMapper.WithoutState(push) ?? await MapFromStateAsync(push, o, http.RequestAborted);
        }
        catch (StoreVerificationException e)
        {
            log.LogWarning("Google Play notification refused ({Failure}): {Detail}", e.Failure, e.Message);
            throw StoreProblems.From(e);
        }
        catch (PlayDeveloperApiUnavailableException e)
        {
            log.LogWarning("Google Play notification not handled, Pub/Sub will retry: {Detail}", e.Message);
            throw StoreProblems.StoreApiUnavailable(e.Message);
        }
        return await delivery.DeliverAsync(mapping, http.RequestAborted);
    }

    private async Task<StoreMapping> MapFromStateAsync(PubSubPush push, GooglePlayOptions o, CancellationToken cancellation)
    {
        var api = new PlayDeveloperApi(httpClients.CreateClient(HttpClientName), o.BaseUri, o.AccessToken!, o.PackageName!);
        var state = await api.GetSubscriptionAsync(push.Notification.SubscriptionNotification!.PurchaseToken!, cancellation);
        return PlayNotificationMapper.Map(push, state, o.Products);
    }
}
