using ActorSubs.Node.Api;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores.GooglePlay;

/// <summary>
/// <c>POST /api/stores/google-play/notifications?token=…</c>: check the push token, read the envelope, read the
/// subscription's state from the Play Developer API, map. A failure to read the API is answered 503 so that Pub/Sub
/// retries the push.
/// </summary>
public sealed class GooglePlayNotificationRoute(IOptions<GooglePlayOptions> options, IHttpClientFactory httpClients,
    ILogger<GooglePlayNotificationRoute> log)
{
    /// <summary>The named HttpClient of the Play Developer API (its timeout is <see cref="GooglePlayOptions.ApiTimeout"/>).</summary>
    public const string HttpClientName = "google-play-developer-api";

    public async Task<StoreMapping> MapAsync(HttpContext http)
    {
        var o = options.Value;
        if (!o.IsConfigured) throw StoreProblems.NotConfigured("Google Play", GooglePlayOptions.Section);
        // The push token first: a caller without it learns nothing about the body's shape.
        PubSubPush.VerifyToken(http.Request.Query["token"].ToString(), o.PushToken!);
        var push = PubSubPush.Read(await RequestBody.ReadBytesAsync(http), o.PackageName!);
        if (PlayNotificationMapper.WithoutState(push) is { } mapping) return mapping;
        var api = new PlayDeveloperApi(httpClients.CreateClient(HttpClientName), o.BaseUri, o.AccessToken!, o.PackageName!);
        var purchaseToken = push.Notification.SubscriptionNotification!.PurchaseToken!;
        try
        {
            var state = await api.GetSubscriptionAsync(purchaseToken, http.RequestAborted);
            return PlayNotificationMapper.Map(push, state, o.Products);
        }
        catch (PlayDeveloperApiUnavailableException e)
        {
            log.LogWarning("Google Play notification not handled, Pub/Sub will retry: {Detail}", e.Message);
            throw StoreProblems.StoreApiUnavailable(e.Message);
        }
    }
}
