using Akka.Actor;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Gateway;

/// <summary>
/// One per node, at <c>/user/session-relay</c>: hands each letter of a <see cref="ForSessions"/> to its session on this
/// node, in order, as from the batch's sender (the account, which a session watches once attached). An account on
/// another node writes to this node's sessions only through here (<see cref="Accounts.SessionMail"/>): a notification for
/// five devices crosses the network once, not five times, and whatever else the account tells those sessions takes the
/// same road, so it keeps its order.
/// </summary>
public sealed class SessionRelay : ReceiveActor
{
    public const string Name = "session-relay";

    public SessionRelay() =>
        Receive<ForSessions>(mail =>
        {
            foreach (var letter in mail.Letters) letter.Session.Tell(letter.Message, Sender);
        });
}
