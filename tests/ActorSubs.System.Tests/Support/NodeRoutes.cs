namespace ActorSubs.System.Tests.Support;

/// <summary>
/// The node's health routes (NodeSetup.UseActorSubsNode). ImageCommandSpecs asks the running node for them and for
/// every probe path the deployment files name, so a route that moves fails there, not in production.
/// </summary>
public static class NodeRoutes
{
    public const string Live = "/healthz/live";

    public const string Ready = "/healthz/ready";
}
