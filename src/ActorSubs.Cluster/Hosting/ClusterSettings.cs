namespace ActorSubs.Cluster.Hosting;

/// <summary>How this node finds its cluster, bound from <c>ActorSubs:Cluster</c>.</summary>
public sealed record ClusterSettings
{
    public const string Section = "ActorSubs:Cluster";

    /// <summary>The actor system's name; every node of one cluster must use it (docs/configuration.md).</summary>
    public const string SystemName = "actorsubs";

    /// <summary>Address other nodes reach this one at (Akka remoting).</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Akka remoting port; 0 picks a free one (tests, several nodes on one machine).</summary>
    public int Port { get; init; } = 4053;

    /// <summary><c>akka.tcp://actorsubs@host:port</c> addresses. None: this node forms a cluster of one.</summary>
    public string[] SeedNodes { get; init; } = [];

    public string[] Roles { get; init; } = [];

    /// <summary>
    /// <c>kubernetes</c>: find the other nodes through the Kubernetes API (Akka.Management cluster bootstrap)
    /// instead of seed nodes. Empty: seed nodes, or a cluster of one.
    /// </summary>
    public string? Discovery { get; init; }

    /// <summary>Akka.Management HTTP port, probed by the other nodes during bootstrap.</summary>
    public int ManagementPort { get; init; } = 8558;

    /// <summary>Label selector of this deployment's pods (Kubernetes discovery).</summary>
    public string PodLabelSelector { get; init; } = "app=actorsubs";

    /// <summary>Bootstrap forms a new cluster only once this many pods are found (Kubernetes discovery).</summary>
    public int RequiredContactPoints { get; init; } = 2;

    /// <summary>
    /// How long the cluster overview (<c>GET /api/admin/cluster</c>) waits for the sharding statistics and for each member's
    /// session counts; a member that does not answer in time is listed with null counts.
    /// </summary>
    public TimeSpan OverviewTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Failure detector and split-brain resolver timings (<c>ActorSubs:Cluster:FailureDetection</c>).</summary>
    public FailureDetectionSettings FailureDetection { get; init; } = new();

    public bool UsesKubernetesDiscovery => string.Equals(Discovery, "kubernetes", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors(Section)
            .When(string.IsNullOrWhiteSpace(Hostname), nameof(Hostname), "is required.")
            .When(Port is < 0 or > 65535, nameof(Port), $"must be between 0 and 65535 (was {Port}).")
            .When(!string.IsNullOrEmpty(Discovery) && !UsesKubernetesDiscovery, nameof(Discovery),
                $"must be empty or 'kubernetes' (was '{Discovery}').")
            .When(UsesKubernetesDiscovery && SeedNodes.Length > 0, nameof(SeedNodes),
                $"and {nameof(Discovery)}=kubernetes exclude each other: set one.")
            .When(ManagementPort is < 1 or > 65535, nameof(ManagementPort), "must be between 1 and 65535.")
            .When(RequiredContactPoints < 1, nameof(RequiredContactPoints), "must be at least 1.")
            .Positive(OverviewTimeout, nameof(OverviewTimeout));
        foreach (var seed in SeedNodes)
        {
            errors.When(!seed.StartsWith($"akka.tcp://{SystemName}@", StringComparison.Ordinal), nameof(SeedNodes),
                $"entry '{seed}' must look like akka.tcp://{SystemName}@host:port.");
        }
        errors.AddRange(FailureDetection.Validate());
        return errors;
    }
}
