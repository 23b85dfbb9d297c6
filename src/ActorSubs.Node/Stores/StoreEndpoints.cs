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

        stores.MapPost("/app-store/notifications", (HttpContext http, AppStoreNotificationRoute route) => route.HandleAsync(http))
            .Accepts<AppStoreNotificationRequest>("application/json").Produces<StoreNotificationOutcome>()
            .WithSummary("App Store Server Notifications V2 (a JWS verified up to the configured roots).");
        stores.MapPost("/google-play/notifications", (HttpContext http, GooglePlayNotificationRoute route) => route.HandleAsync(http))
            .Produces<StoreNotificationOutcome>()
            .WithSummary("Google Play real-time developer notifications (Pub/Sub push, ?token=); the state is read from the Play Developer API.");
        stores.MapPost("/cleverbridge/notifications", (HttpContext http, CleverbridgeNotificationRoute route) => route.HandleAsync(http))
            .Produces<StoreNotificationOutcome>()
            .WithSummary("Cleverbridge subscription events (basic auth and X-Signature HMAC).");
        return stores;
    }

    public static IServiceCollection AddStoreNotifications(this IServiceCollection services)
    {
        services.AddSingleton<StoreLinks>();
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
