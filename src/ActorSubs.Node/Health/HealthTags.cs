namespace ActorSubs.Node.Health;

/// <summary>Which checks each route runs: <c>/healthz/live</c> the <see cref="Live"/> ones, <c>/healthz/ready</c> the <see cref="Ready"/> ones.</summary>
public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}
