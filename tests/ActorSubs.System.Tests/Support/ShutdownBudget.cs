namespace ActorSubs.System.Tests.Support;

/// <summary>
/// How long a node may take from SIGTERM to exit. Constants read from the code when these files were written
/// (the cluster timings are being made configurable: when they move, move these with them).
/// </summary>
public static class ShutdownBudget
{
    /// <summary>The WebSocket drain on ApplicationStopping, as the files leave it (they do not set <c>DrainTimeout</c>).</summary>
    public static readonly TimeSpan Drain = new ActorSubs.Cluster.Gateway.GatewayOptions().DrainTimeout;

    /// <summary>
    /// Akka's coordinated shutdown after the drain: the shard hand-off (phase cluster-sharding-shutdown-region) and the
    /// leave (cluster-leave, cluster-exiting), each bounded by Akka's default phase timeout of 10 s.
    /// </summary>
    public static readonly TimeSpan CoordinatedShutdown = TimeSpan.FromSeconds(20);

    public static TimeSpan Node => Drain + CoordinatedShutdown;
}
