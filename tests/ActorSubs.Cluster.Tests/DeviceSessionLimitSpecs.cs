using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using Akka.Actor;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// R10 in the device session actor: it cuts itself with 4001 at <c>sessionEndsAt</c>, and a renewal before then lifts the
/// cut. Time is manual (<see cref="DeviceSessionSpec"/>); the account region and the socket are test probes.
/// </summary>
public sealed class DeviceSessionLimitSpecs : DeviceSessionSpec
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private static Notification Expired(string id, DateTimeOffset at, DateTimeOffset sessionEndsAt) =>
        new(id, NotificationKind.SubscriptionExpired, at, new NotificationData { DueAt = at, SessionEndsAt = sessionEndsAt });

    [Fact]
    public async Task A_session_attached_with_a_limit_is_cut_with_4001_at_its_end_and_not_a_millisecond_before()
    {
        await AttachedSessionAsync(Instant + Limit);

        Advance(Limit - TimeSpan.FromMilliseconds(1));
        await Socket.ExpectNoMsgAsync(Quiet);
        Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(new ConnectionClosed(CloseCodes.SubscriptionExpired, "subscription-expired"), await Socket.ExpectMsgAsync<ConnectionClosed>());
    }

    [Fact]
    public async Task An_expiry_notice_pushed_to_an_unlimited_session_is_shown_and_sets_the_cut_it_announces()
    {
        var session = await AttachedSessionAsync(sessionEndsAt: null);
        var endsAt = Instant + Limit;

        session.Tell(new Push(Expired("n-expired", Instant, endsAt)));

        var shown = await Socket.ExpectMsgAsync<NotificationFrame>();
        await HandledAsync(session);
        Assert.Equal(("n-expired", NotificationKind.SubscriptionExpired, (DateTimeOffset?)endsAt), (shown.Id, shown.Kind, shown.Data.SessionEndsAt));
        Advance(Limit - TimeSpan.FromMilliseconds(1));
        await Socket.ExpectNoMsgAsync(Quiet);
        Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CloseCodes.SubscriptionExpired, (await Socket.ExpectMsgAsync<ConnectionClosed>()).Code);
    }

    [Fact]
    public async Task A_limit_lifted_before_the_cut_cancels_it_and_the_session_keeps_carrying_frames()
    {
        var session = await AttachedSessionAsync(Instant + Limit);
        Advance(Limit / 2);

        session.Tell(LimitLifted.Instance);
        await HandledAsync(session);
        Advance(Limit);

        await Socket.ExpectNoMsgAsync(Quiet);
        session.Tell(new Push(new Notification("n-renewed", NotificationKind.Renewed, Instant, new NotificationData { ExpiresAt = Instant.AddDays(30) })));
        Assert.Equal("n-renewed", (await Socket.ExpectMsgAsync<NotificationFrame>()).Id);
    }

    [Fact]
    public async Task The_same_expiry_notice_handed_over_again_is_shown_once_and_does_not_move_the_cut()
    {
        var session = await AttachedSessionAsync(sessionEndsAt: null);
        var endsAt = Instant + Limit;
        var notice = Expired("n-expired", Instant, endsAt);
        session.Tell(new Push(notice));
        await Socket.ExpectMsgAsync<NotificationFrame>();
        await HandledAsync(session);

        // A minute later the account hands the unacknowledged notice over again (a re-attach after it moved, say).
        Advance(TimeSpan.FromMinutes(1));
        session.Tell(new Push(notice));
        await HandledAsync(session);
        await Socket.ExpectNoMsgAsync(Quiet);

        Advance(endsAt - Instant);
        Assert.Equal(CloseCodes.SubscriptionExpired, (await Socket.ExpectMsgAsync<ConnectionClosed>()).Code);
    }
}
