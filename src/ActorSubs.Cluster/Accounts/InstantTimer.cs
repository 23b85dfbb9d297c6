using Akka.Actor;

namespace ActorSubs.Cluster.Accounts;

/// <summary>
/// An account's one timer for its next due instant, on time to a millisecond or two. Akka's scheduler turns a wheel
/// of 10 ms ticks and delivers a timer 4–23 ms after its instant (median) (measured on a 2-core machine); at an instant that
/// many accounts share, that lateness is on every one of them. So the scheduler's timer is set
/// <see cref="EntitySettings.PreciseTimerLead"/> before the instant, and the last stretch runs on a timer of the
/// clock (a .NET timer, 1–2 ms late), which sends the account the same message. With a zero lead the scheduler
/// alone times the instant.
/// </summary>
public sealed class InstantTimer(ITimerScheduler timers, TimeProvider clock, TimeSpan preciseLead, object message)
{
    /// <summary>The scheduler takes delays up to about 24 days; a longer wait is re-armed on waking.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

    private ITimer? _lastStretch;

    /// <summary>Arms the timer for <paramref name="instant"/> (replacing any earlier one), or stops it when there is none.</summary>
    public void Arm(IActorRef owner, DateTimeOffset? instant)
    {
        timers.Cancel(message);
        DisposeLastStretch();
        if (instant is not { } at) return;
        var delay = TimeSpan.FromTicks(Math.Clamp((at - clock.GetUtcNow()).Ticks, 0, LongestTimer.Ticks));
        if (preciseLead == TimeSpan.Zero || delay > preciseLead)
        {
            timers.StartSingleTimer(message, message, delay - preciseLead);
            return;
        }
        // A stale callback (the timer was replaced meanwhile) only makes the owner look at its instant once more.
        _lastStretch = clock.CreateTimer(static state =>
        {
            var (to, what) = ((IActorRef, object))state!;
            to.Tell(what, ActorRefs.NoSender);
        }, (owner, message), delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Called when the message arrives: if <paramref name="instant"/> is still ahead (the scheduler's part ended a lead
    /// early, or the wall clock stepped back), arms the rest and returns true; the owner acts only on false.
    /// </summary>
    public bool ReArmIfEarly(IActorRef owner, DateTimeOffset? instant)
    {
        if (instant is not { } at || at <= clock.GetUtcNow()) return false;
        Arm(owner, at);
        return true;
    }

    /// <summary>From the owner's PostStop: the scheduler's timers end with the actor, the clock's timer does not.</summary>
    public void DisposeLastStretch()
    {
        _lastStretch?.Dispose();
        _lastStretch = null;
    }
}
