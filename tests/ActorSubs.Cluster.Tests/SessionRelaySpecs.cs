using ActorSubs.Cluster.Gateway;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Tests;

/// <summary>A node's session relay hands each letter of an account's batch to its session, in order, as from the account.</summary>
public sealed class SessionRelaySpecs : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void Each_letter_reaches_its_session_in_order_as_from_the_batchs_sender()
    {
        var relay = Sys.ActorOf(Akka.Actor.Props.Create<SessionRelay>());
        var phone = CreateTestProbe();
        var tablet = CreateTestProbe();
        var account = CreateTestProbe();

        relay.Tell(new ForSessions([
            new SessionLetter(phone.Ref, new Revoked("first")),
            new SessionLetter(tablet.Ref, LimitLifted.Instance),
            new SessionLetter(phone.Ref, new Revoked("second")),
        ]), account.Ref);

        Assert.Equal("first", phone.ExpectMsg<Revoked>().Reason);
        Assert.Equal(account.Ref, phone.LastSender);
        Assert.Equal("second", phone.ExpectMsg<Revoked>().Reason);
        tablet.ExpectMsg<LimitLifted>();
        Assert.Equal(account.Ref, tablet.LastSender);
        phone.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
