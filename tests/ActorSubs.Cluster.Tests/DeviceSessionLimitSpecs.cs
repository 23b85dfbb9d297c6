using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.TestKit;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// R10 in the device session actor: it cuts itself with 4001 at <c>sessionEndsAt</c>, and a renewal before then lifts the
/// cut. Time is manual twice over: the session reads "now" from a <see cref="ManualClock"/> and its timers run on Akka's
/// <see cref="TestScheduler"/>, and the spec moves both together, so "not a millisecond early" and "never" are exact.
/// The account region and the socket are test probes.
/// </summary>
public sealed class DeviceSessionLimitSpecs() : Akka.TestKit.Xunit2.TestKit("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly ManualClock _clock = new();
    private TestProbe _accounts = null!;
    private TestProbe _socket = null!;

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private DateTimeOffset Instant => _clock.GetUtcNow();

    /// <summary>The clock and the session's timers move together, as wall-clock time would move them.</summary>
    private void Advance(TimeSpan by)
    {
        _clock.Advance(by);
        Scheduler.Advance(by);
    }

    /// <summary>Starts a device session and answers its attach as the account would; returns once it has sent its welcome.</summary>
    private async Task<IActorRef> AttachedSessionAsync(DateTimeOffset? sessionEndsAt)
    {
        _accounts = CreateTestProbe();
        _socket = CreateTestProbe();
        var start = new SessionStart(AgentKind.Device, "acc-1", "phone", "token-hash", "s-1", Instant, new ProbeConnection(_socket.Ref),
            new TaskCompletionSource<AttachOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        var session = Sys.ActorOf(DeviceSession.Props(start, _accounts.Ref, new GatewayOptions(), _clock));

        var attach = await _accounts.ExpectMsgAsync<Attach>();
        Assert.Equal(("acc-1", "phone", "s-1"), (attach.AccountId, attach.AgentId, attach.SessionId));
        var subscription = new SubscriptionView(Tier.Trial, null, null,
            sessionEndsAt is null ? SubscriptionStatus.Active : SubscriptionStatus.Expired, Instant, null, false, false);
        _accounts.Reply(new Attached("s-1", subscription, sessionEndsAt, null, [], 0));
        var welcome = await _socket.ExpectMsgAsync<WelcomeFrame>();
        Assert.Equal(sessionEndsAt, welcome.SessionEndsAt);
        Assert.True(await start.Attached.Task.WaitAsync(TimeSpan.FromSeconds(5)) is { Accepted: true });
        await HandledAsync(session);
        return session;
    }

    /// <summary>
    /// Returns once the session has handled every message sent to it so far (a frame it showed may be seen before the
    /// handler that sent it has armed its timer): it handles in order, and answers an ack frame by telling its account.
    /// </summary>
    private async Task HandledAsync(IActorRef session)
    {
        session.Tell(new AckClientFrame("barrier"));
        Assert.Equal("barrier", (await _accounts.ExpectMsgAsync<Acknowledge>()).NotificationId);
    }

    private static Notification Expired(string id, DateTimeOffset at, DateTimeOffset sessionEndsAt) =>
        new(id, NotificationKind.SubscriptionExpired, at, new NotificationData { DueAt = at, SessionEndsAt = sessionEndsAt });

    [Fact]
    public async Task A_session_attached_with_a_limit_is_cut_with_4001_at_its_end_and_not_a_millisecond_before()
    {
        await AttachedSessionAsync(Instant + Limit);

        Advance(Limit - TimeSpan.FromMilliseconds(1));
        await _socket.ExpectNoMsgAsync(Quiet);
        Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(new ConnectionClosed(CloseCodes.SubscriptionExpired, "subscription-expired"), await _socket.ExpectMsgAsync<ConnectionClosed>());
    }

    [Fact]
    public async Task An_expiry_notice_pushed_to_an_unlimited_session_is_shown_and_sets_the_cut_it_announces()
    {
        var session = await AttachedSessionAsync(sessionEndsAt: null);
        var endsAt = Instant + Limit;

        session.Tell(new Push(Expired("n-expired", Instant, endsAt)));

        var shown = await _socket.ExpectMsgAsync<NotificationFrame>();
        await HandledAsync(session);
        Assert.Equal(("n-expired", NotificationKind.SubscriptionExpired, (DateTimeOffset?)endsAt), (shown.Id, shown.Kind, shown.Data.SessionEndsAt));
        Advance(Limit - TimeSpan.FromMilliseconds(1));
        await _socket.ExpectNoMsgAsync(Quiet);
        Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CloseCodes.SubscriptionExpired, (await _socket.ExpectMsgAsync<ConnectionClosed>()).Code);
    }

    [Fact]
    public async Task A_limit_lifted_before_the_cut_cancels_it_and_the_session_keeps_carrying_frames()
    {
        var session = await AttachedSessionAsync(Instant + Limit);
        Advance(Limit / 2);

        session.Tell(LimitLifted.Instance);
        await HandledAsync(session);
        Advance(Limit);

        await _socket.ExpectNoMsgAsync(Quiet);
        session.Tell(new Push(new Notification("n-renewed", NotificationKind.Renewed, Instant, new NotificationData { ExpiresAt = Instant.AddDays(30) })));
        Assert.Equal("n-renewed", (await _socket.ExpectMsgAsync<NotificationFrame>()).Id);
    }

    [Fact]
    public async Task The_same_expiry_notice_handed_over_again_is_shown_once_and_does_not_move_the_cut()
    {
        var session = await AttachedSessionAsync(sessionEndsAt: null);
        var endsAt = Instant + Limit;
        var notice = Expired("n-expired", Instant, endsAt);
        session.Tell(new Push(notice));
        await _socket.ExpectMsgAsync<NotificationFrame>();
        await HandledAsync(session);

        // A minute later the account hands the unacknowledged notice over again (a re-attach after it moved, say).
        Advance(TimeSpan.FromMinutes(1));
        session.Tell(new Push(notice));
        await HandledAsync(session);
        await _socket.ExpectNoMsgAsync(Quiet);

        Advance(endsAt - Instant);
        Assert.Equal(CloseCodes.SubscriptionExpired, (await _socket.ExpectMsgAsync<ConnectionClosed>()).Code);
    }
}
