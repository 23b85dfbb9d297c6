using ActorSubs.Cluster.Accounts;
namespace ActorSubs.Cluster.Tests;

/// <summary>
/// The node-wide bound on the writes that time starts: free permits are taken at once, the rest wait in arrival order
/// and are told when one comes back, and an account that stops never keeps one. Test probes stand for the accounts.
/// </summary>
public sealed class TimelineWritePermitsSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void Permits_up_to_the_limit_are_taken_at_once_and_the_next_account_waits()
    {
        var permits = new TimelineWritePermits(2);
        var (a, b, c) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());

        Assert.True(permits.TryTake(a.Ref));
        Assert.True(permits.TryTake(b.Ref));
        Assert.False(permits.TryTake(c.Ref));

        c.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_returned_permit_goes_to_the_account_that_waited_longest()
    {
        var permits = new TimelineWritePermits(1);
        var (holder, first, second) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        permits.TryTake(holder.Ref);
        permits.TryTake(first.Ref);
        permits.TryTake(second.Ref);

        permits.Return(holder.Ref);

        first.ExpectMsg<TimelineWritePermits.Granted>();
        second.ExpectNoMsg(Quiet);
        permits.Return(first.Ref);
        second.ExpectMsg<TimelineWritePermits.Granted>();
    }

    [Fact]
    public void An_account_that_stops_holding_a_permit_hands_it_on()
    {
        var permits = new TimelineWritePermits(1);
        var (holder, waiter) = (CreateTestProbe(), CreateTestProbe());
        permits.TryTake(holder.Ref);
        permits.TryTake(waiter.Ref);

        permits.Abandon(holder.Ref);

        waiter.ExpectMsg<TimelineWritePermits.Granted>();
    }

    [Fact]
    public void An_account_that_stops_while_it_waits_leaves_the_queue_and_is_never_granted()
    {
        var permits = new TimelineWritePermits(1);
        var (holder, gone, next) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        permits.TryTake(holder.Ref);
        permits.TryTake(gone.Ref);
        permits.TryTake(next.Ref);

        permits.Abandon(gone.Ref);
        permits.Return(holder.Ref);

        next.ExpectMsg<TimelineWritePermits.Granted>();
        gone.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Returning_twice_or_returning_what_was_never_taken_frees_nothing_extra()
    {
        var permits = new TimelineWritePermits(1);
        var (holder, stranger, waiter, last) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        permits.TryTake(holder.Ref);
        permits.TryTake(waiter.Ref);
        permits.TryTake(last.Ref);

        permits.Return(stranger.Ref);
        waiter.ExpectNoMsg(Quiet);
        permits.Return(holder.Ref);
        permits.Return(holder.Ref);

        waiter.ExpectMsg<TimelineWritePermits.Granted>();
        last.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void An_account_asking_again_while_it_holds_or_waits_is_counted_once()
    {
        var permits = new TimelineWritePermits(1);
        var (holder, waiter, third) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        permits.TryTake(holder.Ref);
        permits.TryTake(waiter.Ref);
        permits.TryTake(third.Ref);

        Assert.True(permits.TryTake(holder.Ref));
        Assert.False(permits.TryTake(waiter.Ref));

        // Queued once: after its one grant and its return, the permit goes to the next account, not to it again.
        permits.Return(holder.Ref);
        waiter.ExpectMsg<TimelineWritePermits.Granted>();
        permits.Return(waiter.Ref);
        third.ExpectMsg<TimelineWritePermits.Granted>();
        waiter.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_limit_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimelineWritePermits(0));
    }
}
