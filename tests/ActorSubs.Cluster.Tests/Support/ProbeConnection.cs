using ActorSubs.Cluster.Gateway;
using Akka.Actor;

namespace ActorSubs.Cluster.Tests.Support;

/// <summary>
/// A session's socket as a test probe sees it: every frame the session queues, and its close, arrive at the probe as
/// messages, so a spec expects them (or their absence) with the probe. The socket itself is the node's and is tested there.
/// </summary>
public sealed class ProbeConnection(IActorRef probe) : IAgentConnection
{
    public bool TrySend(ServerFrame frame)
    {
        probe.Tell(frame);
        return true;
    }

    public bool TrySendAdvisory(ServerFrame frame)
    {
        probe.Tell(frame);
        return true;
    }

    public void Close(int code, string reason) => probe.Tell(new ConnectionClosed(code, reason));
}

public sealed record ConnectionClosed(int Code, string Reason);
