using Akka.Actor;

namespace ActorSubs.Node.Health;

/// <summary>
/// A node the cluster downs (split-brain resolver, or an operator) runs Akka's coordinated shutdown, which terminates its
/// actor system (<c>akka.cluster.run-coordinated-shutdown-when-down</c>, on by default); Akka.Hosting then stops the host,
/// so the gateway drains (1012) and the process ends. A downed node cannot rejoin under the same incarnation, so the
/// process must be restarted: this makes that exit a failure (exit code 1) rather than a clean stop, for orchestrators
/// and supervisors that restart on failure only. A stop the host asked for (SIGTERM) keeps exit code 0.
/// <para>
/// Akka.Hosting also sets an exit code when the system terminates (-1, i.e. 255, for a downed or leaving node, in its own
/// continuation of <c>WhenTerminated</c>). Two writers of <see cref="Environment.ExitCode"/> on two continuations of one
/// task raced: one run in five ended with 255. Ours is written when the host has stopped, after every such continuation,
/// so the code is always 1, whatever ended the actor system.
/// </para>
/// </summary>
public static class DownedNodeExit
{
    public const int ExitCode = 1;

    public static void Register(ActorSystem system, IHostApplicationLifetime lifetime, ILogger log)
    {
        var shutdown = CoordinatedShutdown.Get(system);
        lifetime.ApplicationStopped.Register(() =>
        {
            if (!system.WhenTerminated.IsCompleted) return;
            // The host's own stop runs coordinated shutdown with the CLR-exit reason (Akka.Hosting's StopAsync).
            var reason = shutdown.ShutdownReason;
            if (reason is CoordinatedShutdown.ClrExitReason) return;
            log.LogCritical("The actor system terminated ({Reason}) without the host stopping it: the node stops with exit code {Code} to be restarted",
                reason?.GetType().Name ?? "no coordinated shutdown", ExitCode);
            Environment.ExitCode = ExitCode;
        });
    }
}
