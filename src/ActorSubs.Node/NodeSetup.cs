using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Operations;
using ActorSubs.Node.Api;
using ActorSubs.Node.Configuration;
using ActorSubs.Node.Gateway;
using ActorSubs.Node.Health;
using ActorSubs.Node.Stores;
using ActorSubs.Node.Payments;
using ActorSubs.Node.Web;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace ActorSubs.Node;

/// <summary>Wires a node: options, the actor system, the HTTP API, health and metrics.</summary>
public static class NodeSetup
{
    public static WebApplicationBuilder AddActorSubsNode(this WebApplicationBuilder builder)
    {
        builder.Services.AddActorSubsOptions(builder.Environment);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPaymentChannels();
        builder.Services.AddAkka(ClusterSettings.SystemName, (akka, services) =>
        {
            akka.AddActorSubsCluster(services.ReadClusterOptions()).WithNodeHealthChecks()
                // Akka's log events go to the host's logging (category Akka.Actor.ActorSystem), so Logging:LogLevel:Akka
                // in appsettings.json decides which are shown; Akka itself emits from Info up.
                .ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                });
        });

        builder.Services.AddActorSubsApi();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<AccountClient>();
        builder.Services.AddSingleton(services => new ClusterOverviewQuery(
            services.GetRequiredService<Akka.Actor.ActorSystem>(),
            services.GetRequiredService<IRequiredActor<AccountEntity>>().ActorRef,
            services.GetRequiredService<IRequiredActor<MemberUpTimes>>().ActorRef,
            services.GetRequiredService<IOptions<ClusterSettings>>().Value.OverviewTimeout));
        builder.Services.AddSingleton<GatewayConnections>();
        // On SIGTERM, before the web server and the actor system stop: readiness goes false and every
        // socket is closed with 1012, so clients reconnect to another node while this one still answers.
        builder.Services.AddHostedService<DrainBeforeStop>();
        builder.Services.AddStoreNotifications();
        builder.Services.AddNodeHealthChecks();
        return builder;
    }

    public static WebApplication UseActorSubsNode(this WebApplication app)
    {
        app.UseResponseHeaders();
        app.UseActorSubsProblems();
        app.UseHttpMetrics(o => o.ReduceStatusCodeCardinality());
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseWebPages();
        app.UseActorSubsAuthentication();

        app.MapOpenApi();
        app.MapNodeHealthChecks();
        app.MapMetrics("/metrics");
        app.MapAccountEndpoints();
        app.MapAdminEndpoints();
        app.MapStoreEndpoints();
        app.MapGatewayEndpoints();

        // Once started: the actor system is built as the host starts, after every options section has been validated.
        app.Lifetime.ApplicationStarted.Register(() => DownedNodeExit.Register(app.Services.GetRequiredService<Akka.Actor.ActorSystem>(),
            app.Lifetime, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ActorSubs.Node")));
        app.Lifetime.ApplicationStarted.Register(() => StartupLine.Log(app));
        return app;
    }
}
