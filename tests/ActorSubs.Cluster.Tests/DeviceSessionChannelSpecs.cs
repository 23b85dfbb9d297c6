using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Tests.Support;
using Akka.Actor;
using Akka.TestKit;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// A device session's channels (docs/protocol.md): opened through the account, then data straight to the host session and
/// back, closed from either end or by the end of either session, and given up after <c>OpenTimeout</c>. The account, the
/// host session and the socket are test probes; time is manual (<see cref="DeviceSessionSpec"/>).
/// </summary>
public sealed class DeviceSessionChannelSpecs : DeviceSessionSpec
{
    /// <summary>Asks for a channel to "mac" and has the account pass it on to <paramref name="host"/>, which accepts.</summary>
    private async Task<string> OpenChannelAsync(IActorRef session, TestProbe host)
    {
        session.Tell(new OpenClientFrame("mac"));
        var open = await Accounts.ExpectMsgAsync<OpenChannel>();
        Assert.Equal((AccountId, "phone", "mac"), (open.AccountId, open.DeviceId, open.HostId));
        open.DeviceSession.Tell(new ChannelAccepted(open.ChannelId, host.Ref));
        Assert.Equal(open.ChannelId, (await Socket.ExpectMsgAsync<OpenedFrame>()).ChannelId);
        return open.ChannelId;
    }

    [Fact]
    public async Task An_accepted_channel_carries_data_both_ways_until_the_device_closes_it()
    {
        var session = await AttachedSessionAsync();
        var host = CreateTestProbe();
        var channel = await OpenChannelAsync(session, host);

        session.Tell(new DataClientFrame(channel, "\"ping\""));
        Assert.Equal(new RelayData(channel, "\"ping\""), await host.ExpectMsgAsync<RelayData>());
        session.Tell(new RelayData(channel, "\"pong\""), host.Ref);
        Assert.Equal(new DataFrame(channel, "\"pong\""), await Socket.ExpectMsgAsync<DataFrame>());

        session.Tell(new CloseClientFrame(channel));
        Assert.Equal(new ChannelClosed(channel), await host.ExpectMsgAsync<ChannelClosed>());
        Assert.Equal(new ClosedFrame(channel), await Socket.ExpectMsgAsync<ClosedFrame>());

        // Afterwards neither end's data crosses: the device is told the channel is unknown, the host's data is dropped.
        session.Tell(new DataClientFrame(channel, "\"late\""));
        Assert.Equal("unknown-channel", (await Socket.ExpectMsgAsync<ErrorFrame>()).Code);
        session.Tell(new RelayData(channel, "\"late\""), host.Ref);
        await host.ExpectNoMsgAsync(Quiet);
        await Socket.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task An_open_the_host_does_not_answer_in_time_fails_at_the_open_timeout_and_a_late_accept_is_closed()
    {
        var session = await AttachedSessionAsync();
        var host = CreateTestProbe();
        session.Tell(new OpenClientFrame("mac"));
        var open = await Accounts.ExpectMsgAsync<OpenChannel>();
        await HandledAsync(session);

        Advance(Options.OpenTimeout - TimeSpan.FromMilliseconds(1));
        await Socket.ExpectNoMsgAsync(Quiet);
        Advance(TimeSpan.FromMilliseconds(1));
        var error = await Socket.ExpectMsgAsync<ErrorFrame>();
        Assert.Equal(("open-timeout", open.ChannelId), (error.Code, error.ChannelId));

        open.DeviceSession.Tell(new ChannelAccepted(open.ChannelId, host.Ref));
        Assert.Equal(new ChannelClosed(open.ChannelId), await host.ExpectMsgAsync<ChannelClosed>());
        await Socket.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_refused_open_is_an_error_carrying_the_refusal_and_its_timeout_never_fires()
    {
        var session = await AttachedSessionAsync();
        session.Tell(new OpenClientFrame("mac"));
        var open = await Accounts.ExpectMsgAsync<OpenChannel>();

        open.DeviceSession.Tell(new ChannelRefused(open.ChannelId, "host-offline", "Host 'mac' is not connected."));

        Assert.Equal(new ErrorFrame("host-offline", "Host 'mac' is not connected.", open.ChannelId), await Socket.ExpectMsgAsync<ErrorFrame>());
        await HandledAsync(session);
        Advance(Options.OpenTimeout);
        await Socket.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task When_the_host_session_dies_the_device_is_told_its_channel_closed()
    {
        var session = await AttachedSessionAsync();
        var host = CreateTestProbe();
        var channel = await OpenChannelAsync(session, host);

        Sys.Stop(host.Ref);

        Assert.Equal(new ClosedFrame(channel), await Socket.ExpectMsgAsync<ClosedFrame>());
    }

    [Fact]
    public async Task When_the_device_disconnects_the_host_is_told_each_of_its_channels_closed()
    {
        var session = await AttachedSessionAsync();
        var mac = CreateTestProbe();
        var other = CreateTestProbe();
        var first = await OpenChannelAsync(session, mac);
        var second = await OpenChannelAsync(session, other);

        session.Tell(AgentSession.ConnectionEnded.Instance);

        Assert.Equal(new ChannelClosed(first), await mac.ExpectMsgAsync<ChannelClosed>());
        Assert.Equal(new ChannelClosed(second), await other.ExpectMsgAsync<ChannelClosed>());
    }
}
