using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// The account's timer for its next instant: Akka's scheduler (here the <see cref="TestScheduler"/>, moved by hand)
/// carries it to one lead before the instant, the clock's own timer the rest. The clock reads a <see cref="ManualClock"/>;
/// its timer for the last stretch is a real one of a few milliseconds, so those checks wait with a generous bound.
/// </summary>
public sealed class InstantTimerSpecs() : Akka.TestKit.Xunit2.TestKit("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(50);
    private const string Due = "due";

    private readonly ManualClock _clock = new();

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void The_scheduler_carries_the_timer_to_one_lead_before_the_instant()
    {
        ArmedTenSecondsAhead(Lead);

        Scheduler.Advance(TimeSpan.FromSeconds(10) - Lead - TimeSpan.FromMilliseconds(1));
        ExpectNoMsg(Quiet);
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));

        ExpectMsg(Due);
    }

    [Fact]
    public void Arriving_a_lead_early_arms_the_last_stretch_on_the_clock_and_acting_waits_for_it()
    {
        var (owner, instant) = ArmedTenSecondsAhead(Lead);
        _clock.Advance(TimeSpan.FromSeconds(10) - Lead);

        owner.Tell(new ReArmIfEarly(instant));

        // Still early: re-armed, and the message comes from the clock's timer with the scheduler standing still.
        Assert.True(ExpectMsg<bool>());
        ExpectMsg(Due, TimeSpan.FromSeconds(3));
        // At the instant the owner acts: nothing more is armed.
        _clock.Advance(Lead);
        owner.Tell(new ReArmIfEarly(instant));
        Assert.False(ExpectMsg<bool>());
        ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Re_arming_replaces_a_last_stretch_already_running()
    {
        // The whole wait is the clock's (within the lead), long enough that the second arm surely comes first.
        var owner = TimerOwner(TimeSpan.FromSeconds(1));
        owner.Tell(new Arm(_clock.GetUtcNow() + TimeSpan.FromMilliseconds(900)));
        ExpectMsg<Armed>();

        owner.Tell(new Arm(null));
        ExpectMsg<Armed>();

        ExpectNoMsg(Quiet + TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public void With_a_zero_lead_the_scheduler_alone_times_the_instant()
    {
        ArmedTenSecondsAhead(TimeSpan.Zero);

        Scheduler.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        ExpectNoMsg(Quiet);
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));

        ExpectMsg(Due);
    }

    private (IActorRef Owner, DateTimeOffset Instant) ArmedTenSecondsAhead(TimeSpan lead)
    {
        var owner = TimerOwner(lead);
        var instant = _clock.GetUtcNow() + TimeSpan.FromSeconds(10);
        owner.Tell(new Arm(instant));
        ExpectMsg<Armed>();
        return (owner, instant);
    }

    private IActorRef TimerOwner(TimeSpan lead) => Sys.ActorOf(Props.Create(() => new Owner(_clock, lead, TestActor)));

    private sealed record Arm(DateTimeOffset? Instant);

    private sealed record Armed;

    private sealed record ReArmIfEarly(DateTimeOffset Instant);

    /// <summary>Stands for the account: owns one <see cref="InstantTimer"/> and passes its message on.</summary>
    private sealed class Owner : ReceiveActor, IWithTimers
    {
        private InstantTimer? _timer;

        public Owner(TimeProvider clock, TimeSpan lead, IActorRef observer)
        {
            Receive<Arm>(arm =>
            {
                Timer(clock, lead).Arm(Self, arm.Instant);
                Sender.Tell(new Armed());
            });
            Receive<ReArmIfEarly>(check => Sender.Tell(Timer(clock, lead).ReArmIfEarly(Self, check.Instant)));
            Receive<string>(due => observer.Tell(due));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        private InstantTimer Timer(TimeProvider clock, TimeSpan lead) => _timer ??= new InstantTimer(Timers, clock, lead, Due);

        protected override void PostStop() => _timer?.DisposeLastStretch();
    }
}
