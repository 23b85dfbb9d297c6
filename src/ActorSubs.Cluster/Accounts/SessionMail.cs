using ActorSubs.Cluster.Gateway;
using Akka.Actor;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Accounts;

/// <summary>
/// What an account tells its sessions at one go: a session on this node directly, the sessions on each other node in one
/// <see cref="ForSessions"/> to that node's <see cref="SessionRelay"/>. An expiry for five devices on another node is
/// then one message across the network instead of five. Every message for a session on another node takes the relay,
/// never the direct road, so what an account tells one session arrives in the order it was told.
/// </summary>
public sealed class SessionMail
{
    private readonly List<SessionLetter> _letters = [];

    public SessionMail Add(IActorRef session, object message)
    {
        _letters.Add(new SessionLetter(session, message));
        return this;
    }

    /// <summary>Sends the letters as from <paramref name="sender"/> (a session watches the account it attached to).</summary>
    public void Send(IActorRefFactory context, IActorRef sender)
    {
        Dictionary<Address, List<SessionLetter>>? byNode = null;
        foreach (var letter in _letters)
        {
            var address = letter.Session.Path.Address;
            if (address.HasLocalScope)
            {
                letter.Session.Tell(letter.Message, sender);
                continue;
            }
            byNode ??= [];
            if (!byNode.TryGetValue(address, out var letters)) byNode[address] = letters = [];
            letters.Add(letter);
        }
        _letters.Clear();
        if (byNode is null) return;
        foreach (var (address, letters) in byNode)
            context.ActorSelection(new RootActorPath(address) / "user" / SessionRelay.Name).Tell(new ForSessions([.. letters]), sender);
    }
}
