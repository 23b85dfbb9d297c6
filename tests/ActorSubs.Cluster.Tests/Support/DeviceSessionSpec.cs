using ActorSubs.Cluster.Gateway;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.TestKit;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Tests.Support;

/// <summary>
/// One device session actor on its own, its account region and its socket test probes, time manual twice over: the session
/// reads "now" from a <see cref="ManualClock"/> and its timers run on Akka's <see cref="TestScheduler"/>, and
/// <see cref="Advance"/> moves both together, so "not a millisecond early" and "never" are exact, with no wall-clock wait.
/// </summary>
public abstract class DeviceSessionSpec() : Akka.TestKit.Xunit2.TestKit("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
{
    /// <summary>How long a negative check listens: nothing is due in it, so nothing may arrive.</summary>
    protected static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    protected const string AccountId = "acc-1";
    protected const string SessionId = "s-1";

    private readonly ManualClock _clock = new();

    protected TestProbe Accounts { get; private set; } = null!;

    /// <summary>Every frame the session queues for its client, and its close (<see cref="ConnectionClosed"/>).</summary>
    protected TestProbe Socket { get; private set; } = null!;

    protected GatewayOptions Options { get; } = new();

    protected DateTimeOffset Instant => _clock.GetUtcNow();

    /// <summary>The clock and the session's timers move together, as wall-clock time would move them.</summary>
    protected void Advance(TimeSpan by)
    {
        _clock.Advance(by);
        ((TestScheduler)Sys.Scheduler).Advance(by);
    }

    /// <summary>Starts a device session and answers its attach as the account would; returns once it has handled the answer.</summary>
    protected async Task<IActorRef> AttachedSessionAsync(DateTimeOffset? sessionEndsAt = null)
    {
        Accounts = CreateTestProbe();
        Socket = CreateTestProbe();
        var start = new SessionStart(AgentKind.Device, AccountId, "phone", "token-hash", SessionId, Instant, new ProbeConnection(Socket.Ref),
            new TaskCompletionSource<AttachOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        var session = Sys.ActorOf(Props.Create(() => new DeviceSession(start, Accounts.Ref, Options, _clock)));

        var attach = await Accounts.ExpectMsgAsync<Attach>();
        Assert.Equal((AccountId, "phone", SessionId), (attach.AccountId, attach.AgentId, attach.SessionId));
        var subscription = new SubscriptionView(Tier.Trial, null, null,
            sessionEndsAt is null ? SubscriptionStatus.Active : SubscriptionStatus.Expired, Instant, null, false, false);
        Accounts.Reply(new Attached(SessionId, subscription, sessionEndsAt, null, [], 0));
        var welcome = await Socket.ExpectMsgAsync<WelcomeFrame>();
        Assert.Equal(sessionEndsAt, welcome.SessionEndsAt);
        Assert.True(await start.Attached.Task.WaitAsync(TimeSpan.FromSeconds(5)) is { Accepted: true });
        await HandledAsync(session);
        return session;
    }

    /// <summary>
    /// Returns once the session has handled every message sent to it so far (a frame it sent may be seen before the
    /// handler that sent it has armed its timer): it handles in order, and answers an ack frame by telling its account.
    /// </summary>
    protected async Task HandledAsync(IActorRef session)
    {
        session.Tell(new AckClientFrame("barrier"));
        Assert.Equal("barrier", (await Accounts.ExpectMsgAsync<Acknowledge>()).NotificationId);
    }
}
