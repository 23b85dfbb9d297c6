using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Operations;
using ActorSubs.Domain;
using ActorSubs.Node.Api;
using ActorSubs.Node.Configuration;
using ActorSubs.Node.Gateway;
using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Node.Health;
using Akka.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Prometheus;

namespace ActorSubs.Node;

/// <summary>Wires a node: options, the actor system, the HTTP API, health and metrics.</summary>
public static class NodeSetup
{
    public static WebApplicationBuilder AddActorSubsNode(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddActorSubsOptions(configuration, builder.Environment);
        builder.Services.AddSingleton(TimeProvider.System);

        var api = OptionsRegistration.Read<ApiOptions>(configuration, ApiOptions.Section, _ => []);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = api.MaxBodyBytes);

        // Akka is configured before the container exists, so its sections are read (and validated) here too.
        var clusterOptions = new ActorSubsClusterOptions(
            OptionsRegistration.Read<ClusterSettings>(configuration, ClusterSettings.Section, o => o.Validate()),
            OptionsRegistration.Read<PersistenceSettings>(configuration, PersistenceSettings.Section, o => o.Validate()),
            OptionsRegistration.Read<EntitySettings>(configuration, EntitySettings.Section, o => o.Validate()),
            OptionsRegistration.Read<SubscriptionOptions>(configuration, SubscriptionOptions.Section, o => o.Validate()))
        {
            Prompts = OptionsRegistration.Read<PromptOptions>(configuration, PromptOptions.Section, o => o.Validate()),
            Payments = OptionsRegistration.Read<PaymentOptions>(configuration, PaymentOptions.Section, _ => []),
            Wakeups = OptionsRegistration.Read<WakeupOptions>(configuration, WakeupOptions.Section, o => o.Validate()),
        };
        builder.Services.AddAkka(ClusterSettings.SystemName, akka => akka.AddActorSubsCluster(clusterOptions));

        builder.Services.AddActorSubsApi();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<AccountClient>();
        builder.Services.AddSingleton(services => new ClusterOverviewQuery(
            services.GetRequiredService<Akka.Actor.ActorSystem>(),
            services.GetRequiredService<IRequiredActor<AccountEntity>>().ActorRef,
            services.GetRequiredService<IRequiredActor<MemberUpTimes>>().ActorRef,
            clusterOptions.Cluster.OverviewTimeout));
        builder.Services.AddSingleton<GatewayConnections>();
        builder.Services.AddHealthChecks()
            .AddCheck<ActorSystemAliveCheck>("actor-system", tags: [HealthTags.Live])
            .AddCheck<ClusterMemberUpCheck>("cluster-member-up", tags: [HealthTags.Ready])
            .AddCheck<JournalReachableCheck>("journal", tags: [HealthTags.Ready])
            .AddCheck<NotDrainingCheck>("accepting-connections", tags: [HealthTags.Ready]);
        return builder;
    }

    public static WebApplication UseActorSubsNode(this WebApplication app)
    {
        app.UseActorSubsProblems();
        app.UseHttpMetrics(o => o.ReduceStatusCodeCardinality());
        app.UseWebSockets();
        app.UseActorSubsAuthentication();

        app.MapOpenApi();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Live) });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready) });
        app.MapMetrics("/metrics");
        app.MapAccountEndpoints();
        app.MapAdminEndpoints();
        app.MapGatewayEndpoints();

        // On SIGTERM, before the web server and the actor system stop: readiness goes false and every
        // socket is closed with 1012, so clients reconnect to another node while this one still answers.
        var connections = app.Services.GetRequiredService<GatewayConnections>();
        app.Lifetime.ApplicationStopping.Register(() => connections.DrainAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult());

        DownedNodeExit.Register(app.Services.GetRequiredService<Akka.Actor.ActorSystem>(), app.Lifetime,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ActorSubs.Node"));
        app.Lifetime.ApplicationStarted.Register(() => AnnounceStart(app));
        return app;
    }

    private static void AnnounceStart(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ActorSubs.Node");
        var persistence = app.Services.GetRequiredService<IOptions<PersistenceSettings>>().Value;
        log.LogInformation("ActorSubs node listening on {Urls} ({Provider} journal)", string.Join(", ", app.Urls), persistence.Provider);
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (app.Environment.IsDevelopment() && admin.ApiKey == AdminOptions.DevelopmentKey)
            log.LogWarning("Development operator key: {Key} (set ActorSubs:Admin:ApiKey outside development)", admin.ApiKey);
    }
}
