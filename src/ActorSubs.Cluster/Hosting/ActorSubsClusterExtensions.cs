using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Licences;
using ActorSubs.Cluster.Operations;
using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Serialization;
using ActorSubs.Cluster.Stores;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using Akka.Cluster.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Remote.Hosting;

namespace ActorSubs.Cluster.Hosting;

/// <summary>Everything a node needs to run the ActorSubs actors, in one call.</summary>
public sealed record ActorSubsClusterOptions(
    ClusterSettings Cluster, PersistenceSettings Persistence, EntitySettings Entities, SubscriptionOptions Subscriptions)
{
    public PromptOptions Prompts { get; init; } = new();

    public PaymentOptions Payments { get; init; } = new();

    public WakeupOptions Wakeups { get; init; } = new();
}

public static class ActorSubsClusterExtensions
{
    /// <summary>
    /// Remoting, clustering, persistence and serializers, then the actors, each registered next to its own code: the
    /// licence registry before the accounts that claim through it, the store link registry and parked store notifications, the wake-up index, the gateway, the operations actors.
    /// </summary>
    public static AkkaConfigurationBuilder AddActorSubsCluster(
        this AkkaConfigurationBuilder builder, ActorSubsClusterOptions options) =>
        builder
            // SIGTERM is the host's to handle: it first drains the gateway (1012 to every socket, readiness off), then
            // stops Akka. Akka's own CLR hook would shut the actor system down before that. Akka.Hosting 1.5.73 has no
            // API for the coordinated-shutdown settings, so this stays HOCON.
            .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
            .WithRemoting(new RemoteOptions { HostName = options.Cluster.Hostname, Port = options.Cluster.Port })
            .WithClustering(new ClusterOptions
            {
                SeedNodes = options.Cluster.SeedNodes,
                Roles = options.Cluster.Roles,
            }.WithFailureHandling(options.Cluster.FailureDetection))
            .AddSplitBrainTimings(options.Cluster.FailureDetection)
            .WithActorSubsPersistence(options.Persistence)
            .WithActorSubsSerializers()
            .AddLicenceRegistry(options.Entities)
            .AddStores(options.Entities)
            .AddWakeups(options)
            .AddAccounts(options)
            .AddGateway()
            .AddOperations()
            .JoinCluster(options.Cluster);

    private static AkkaConfigurationBuilder JoinCluster(this AkkaConfigurationBuilder builder, ClusterSettings cluster)
    {
        if (cluster.UsesKubernetesDiscovery) return builder.AddKubernetesBootstrap(cluster);
        // Seed nodes are joined by Akka itself. None: form a cluster of one by joining our own address (known only
        // once bound, which matters with port 0).
        return cluster.SeedNodes.Length > 0
            ? builder
            : builder.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
    }

    /// <summary>
    /// Nodes find each other through the Kubernetes API: Akka.Management serves the bootstrap probes, and a
    /// new cluster forms only when <see cref="ClusterSettings.RequiredContactPoints"/> pods agree.
    /// </summary>
    private static AkkaConfigurationBuilder AddKubernetesBootstrap(this AkkaConfigurationBuilder builder, ClusterSettings cluster) =>
        builder
            .WithAkkaManagement(management =>
            {
                management.Port = cluster.ManagementPort;
                management.BindPort = cluster.ManagementPort;
                management.BindHostName = "0.0.0.0";
                management.HostName = cluster.Hostname;
            })
            .WithClusterBootstrap(bootstrap =>
            {
                bootstrap.ContactPointDiscovery.RequiredContactPointsNr = cluster.RequiredContactPoints;
                bootstrap.ContactPointDiscovery.PortName = "management";
            })
            .WithKubernetesDiscovery(cluster.PodLabelSelector);
}
