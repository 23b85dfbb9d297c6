namespace ActorSubs.Cluster.Hosting;

internal static class HostedClock
{
    /// <summary>The node's clock (<c>TimeProvider.System</c>, or a test's), through Akka's DI.</summary>
    public static TimeProvider From(Akka.DependencyInjection.IDependencyResolver resolver) =>
        resolver.GetService<TimeProvider>() ?? TimeProvider.System;
}
