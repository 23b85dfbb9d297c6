using ActorSubs.Node.Stores.AppStore;
using ActorSubs.Node.Stores.Cleverbridge;
using ActorSubs.Node.Stores.GooglePlay;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Stores;
using ActorSubs.Node.Api.RateLimiting;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores;

/// <summary>The store server notification routes (docs/api.md) and what they need in the container.</summary>
public static class StoreEndpoints
{
    /// <summary>
    /// The three routes under one group, so that what applies to all of them (the per-address rate limit) is set in one place.
    /// They take no bearer key: each store authenticates in its own way, checked by its route.
    /// </summary>
    public static RouteGroupBuilder MapStoreEndpoints(this IEndpointRouteBuilder app)
    {
        var stores = app.MapGroup("/api/stores").WithTags("stores").AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Stores);

        stores.MapStore<AppStoreNotificationRoute>("app-store", "App Store", (route, http) => route.MapAsync(http))
            .Accepts<AppStoreNotificationRequest>("application/json")
            .WithSummary("App Store Server Notifications V2 (a JWS verified up to the configured roots).");
        stores.MapStore<GooglePlayNotificationRoute>("google-play", "Google Play", (route, http) => route.MapAsync(http))
            .WithSummary("Google Play real-time developer notifications (Pub/Sub push, ?token=); the state is read from the Play Developer API.");
        stores.MapStore<CleverbridgeNotificationRoute>("cleverbridge", "Cleverbridge", (route, http) => route.MapAsync(http))
            .WithSummary("Cleverbridge subscription events (basic auth and X-Signature HMAC).");
        return stores;
    }

    /// <summary>
    /// <c>POST /api/stores/{path}/notifications</c>: the notification verified and mapped by its route, then delivered.
    /// A verification failure is logged and answered 400 or 401 (<see cref="StoreProblems.From"/>), touching no account.
    /// </summary>
    private static RouteHandlerBuilder MapStore<TRoute>(this RouteGroupBuilder stores, string path, string store,
        Func<TRoute, HttpContext, Task<StoreMapping>> map) =>
        stores.MapPost($"/{path}/notifications", async (HttpContext http, TRoute route, StoreNotificationDelivery delivery,
            ILogger<TRoute> log) =>
        {
            StoreMapping mapping;
            try { mapping = await map(route, http); }
            catch (StoreVerificationException e)
            {
                log.LogWarning("{Store} notification refused ({Failure}): {Detail}", store, e.Failure, e.Message);
                throw StoreProblems.From(e);
            }
            return await delivery.DeliverAsync(mapping, http.RequestAborted);
        }).Produces<StoreNotificationOutcome>();

    public static IServiceCollection AddStoreNotifications(this IServiceCollection services)
    {
        services.AddSingleton(provider => new StoreAccountTokenIndex(provider.GetRequiredService<IOptions<PersistenceSettings>>().Value));
        services.AddSingleton<ParkedNotifications>();
        services.AddSingleton<StoreNotificationDelivery>();
        services.AddSingleton<AppStoreNotificationRoute>();
        services.AddSingleton<GooglePlayNotificationRoute>();
        services.AddSingleton<CleverbridgeNotificationRoute>();
        services.AddHttpClient(GooglePlayNotificationRoute.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<GooglePlayOptions>>().Value.ApiTimeout);
        return services;
    }
}
