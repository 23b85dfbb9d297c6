namespace ActorSubs.Cluster.Hosting;

/// <summary>How this node finds its cluster, bound from <c>ActorSubs:Cluster</c>.</summary>
public sealed record ClusterSettings
{
    public const string Section = "ActorSubs:Cluster";

    /// <summary>The actor system's name; every node of one cluster must use it (SPEC §3).</summary>
    public const string SystemName = "actorsubs";

    /// <summary>Address other nodes reach this one at (Akka remoting).</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Akka remoting port; 0 picks a free one (tests, several nodes on one machine).</summary>
    public int Port { get; init; } = 4053;

    /// <summary><c>akka.tcp://actorsubs@host:port</c> addresses. None: this node forms a cluster of one.</summary>
    public string[] SeedNodes { get; init; } = [];

    public string[] Roles { get; init; } = [];

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Hostname)) errors.Add($"{Section}:{nameof(Hostname)} is required.");
        if (Port is < 0 or > 65535) errors.Add($"{Section}:{nameof(Port)} must be between 0 and 65535 (was {Port}).");
        foreach (var seed in SeedNodes)
        {
            if (!seed.StartsWith($"akka.tcp://{SystemName}@", StringComparison.Ordinal))
                errors.Add($"{Section}:{nameof(SeedNodes)} entry '{seed}' must look like akka.tcp://{SystemName}@host:port.");
        }
        return errors;
    }
}
