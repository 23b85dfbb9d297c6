namespace ActorSubs.Node.Configuration;

/// <summary>The operator key, bound from <c>ActorSubs:Admin</c>.</summary>
public sealed record AdminOptions
{
    public const string Section = "ActorSubs:Admin";

    /// <summary>Printed at start-up in Development only, where it is the default; production must set a key.</summary>
    public const string DevelopmentKey = "dev-operator-key";

    public const int MinimumLength = 16;

    public string? ApiKey { get; set; }
}

/// <summary>Limits of the HTTP API, bound from <c>ActorSubs:Api</c>.</summary>
public sealed record ApiOptions
{
    public const string Section = "ActorSubs:Api";

    /// <summary>Larger request bodies are refused with 413 before they are read.</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long a request waits for its account entity before answering 503.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A read or a repeatable command with no answer after this is sent again, until <see cref="AskTimeout"/>: Akka
    /// delivers at most once, and a message that reaches a shard while it is handed off to another node is dropped.
    /// </summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromSeconds(3);
}
