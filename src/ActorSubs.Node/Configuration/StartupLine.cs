using ActorSubs.Cluster.Hosting;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Configuration;

/// <summary>The one line a person reads when a node has started: where to reach it, where it writes, which cluster it is in.</summary>
public static class StartupLine
{
    public static void Log(WebApplication app)
    {
        var services = app.Services;
        var persistence = services.GetRequiredService<IOptions<PersistenceSettings>>().Value;
        var settings = services.GetRequiredService<IOptions<ClusterSettings>>().Value;
        var cluster = Akka.Cluster.Cluster.Get(services.GetRequiredService<Akka.Actor.ActorSystem>());
        var roles = cluster.SelfRoles.Count == 0 ? "no roles" : "roles " + string.Join(",", cluster.SelfRoles);
        var joins = settings.UsesKubernetesDiscovery ? "Kubernetes discovery"
            : settings.SeedNodes.Length == 0 ? "a cluster of one"
            : $"seeds {string.Join(", ", settings.SeedNodes)}";
        // Only the built-in development key, which only a Development node accepts: a configured key is a secret.
        var admin = services.GetRequiredService<IOptions<AdminOptions>>().Value;
        var key = app.Environment.IsDevelopment() && admin.ApiKey == AdminOptions.DevelopmentKey ? admin.ApiKey : null;
        services.GetRequiredService<ILoggerFactory>().CreateLogger("ActorSubs.Node").LogInformation(
            "ActorSubs node on {Urls} | journal {Journal} | cluster {Address} ({Roles}; {Joins}){OperatorKey}",
            string.Join(", ", app.Urls), persistence.Describe(), cluster.SelfAddress, roles, joins,
            key is null ? "" : $" | operator key {key} (Development; set ActorSubs:Admin:ApiKey elsewhere)");
    }
}
