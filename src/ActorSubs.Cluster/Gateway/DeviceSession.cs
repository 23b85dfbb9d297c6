using ActorSubs.Domain;
using Akka.Actor;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Gateway;

/// <summary>
/// A phone, tablet or browser. Shows notifications (R13 in docs/rules.md) and acknowledges them, carries the session limit of
/// an expired subscription and cuts itself at <c>sessionEndsAt</c> (R10), and opens channels to hosts.
/// </summary>
public sealed class DeviceSession(SessionStart start, IActorRef accounts, GatewayOptions options, TimeProvider clock)
    : AgentSession(start, accounts, options)
{
    private readonly HashSet<string> _delivered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _opening = new(StringComparer.Ordinal);
    private DateTimeOffset? _sessionEndsAt;
    private int _channelCounter;

    protected override void OnAttached(Attached attached, bool first)
    {
        base.OnAttached(attached, first);
        if (first)
            Send(new WelcomeFrame(Start.SessionId, attached.Subscription, attached.SessionEndsAt, attached.Prompt, attached.DroppedNotifications));
        // The account works the cut out from its state and our connection time: the same on every attach.
        if (attached.SessionEndsAt is { } endsAt) LimitUntil(endsAt);
        else Unlimit();
        foreach (var notification in attached.Pending) Deliver(notification);
    }

    protected override void ActiveAs()
    {
        Receive<Push>(push => Deliver(push.Notification));
        Receive<LimitLifted>(_ => Unlimit());
        Receive<Timer>(_ => Close(CloseCodes.SubscriptionExpired, "subscription-expired"));
        Receive<AckClientFrame>(ack => Accounts.Tell(new Acknowledge(Start.AccountId, Start.AgentId, ack.Id)));
        Receive<OpenClientFrame>(open =>
        {
            var channelId = $"{Start.SessionId}.{++_channelCounter}";
            _opening[channelId] = open.HostId;
            Accounts.Tell(new OpenChannel(Start.AccountId, Start.AgentId, open.HostId, channelId, Self));
            Timers.StartSingleTimer(("open", channelId), new OpenTimedOut(channelId), Options.OpenTimeout);
        });
        Receive<ChannelAccepted>(accepted =>
        {
            if (!_opening.Remove(accepted.ChannelId))
            {
                accepted.HostSession.Tell(new ChannelClosed(accepted.ChannelId));
                return;
            }
            Timers.Cancel(("open", accepted.ChannelId));
            Channels[accepted.ChannelId] = accepted.HostSession;
            Context.Watch(accepted.HostSession);
            Send(new OpenedFrame(accepted.ChannelId));
        });
        Receive<ChannelRefused>(refused =>
        {
            if (!_opening.Remove(refused.ChannelId)) return;
            Timers.Cancel(("open", refused.ChannelId));
            Send(new ErrorFrame(refused.Code, refused.Detail, refused.ChannelId));
        });
        Receive<OpenTimedOut>(timedOut =>
        {
            if (_opening.Remove(timedOut.ChannelId, out var hostId))
                Send(new ErrorFrame("open-timeout", $"Host '{hostId}' did not answer in time.", timedOut.ChannelId));
        });
    }

    /// <summary>Each notification once per session, even when a re-attach hands over the outbox again.</summary>
    private void Deliver(Notification notification)
    {
        if (!_delivered.Add(notification.Id)) return;
        Send(new NotificationFrame(notification.Id, notification.Kind, notification.At, notification.Data));
        if (notification is { Kind: NotificationKind.SubscriptionExpired, Data.SessionEndsAt: { } endsAt }) LimitUntil(endsAt);
    }

    /// <summary>R10: the session fires its own cut, so it happens even if the account is busy or elsewhere.</summary>
    private void LimitUntil(DateTimeOffset endsAt)
    {
        if (_sessionEndsAt == endsAt) return;
        _sessionEndsAt = endsAt;
        var delay = endsAt - clock.GetUtcNow();
        Timers.StartSingleTimer(Timer.Cut, Timer.Cut, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    /// <summary>R10: a renewal before the cut lifts the limit.</summary>
    private void Unlimit()
    {
        _sessionEndsAt = null;
        Timers.Cancel(Timer.Cut);
    }

    /// <summary>The device's one timer of its own: the cut of R10.</summary>
    private enum Timer { Cut }

    private sealed record OpenTimedOut(string ChannelId);
}
