using ActorSubs.Cluster.Payments;

namespace ActorSubs.Cluster.Tests;

/// <summary>The wait between tries of a charge that keeps failing technically (docs/rules.md, R9).</summary>
public sealed class ChargeBackoffSpecs
{
    [Fact]
    public void Each_failure_in_a_row_doubles_the_wait_up_to_the_maximum()
    {
        var backoff = new ChargeBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));

        var waits = Enumerable.Range(0, 6).Select(_ => backoff.Failed()).ToArray();

        Assert.Equal([10, 20, 40, 60, 60, 60], waits.Select(w => w.TotalSeconds));
        Assert.Equal(6, backoff.Failures);
    }

    [Fact]
    public void A_retry_waits_until_it_is_due()
    {
        var backoff = new ChargeBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));

        backoff.Failed();
        var waiting = backoff.IsWaiting;
        backoff.RetryDue();

        Assert.True(waiting);
        Assert.False(backoff.IsWaiting);
        Assert.Equal(1, backoff.Failures);
    }

    [Fact]
    public void After_a_verdict_the_next_failure_waits_the_initial_delay_again()
    {
        var backoff = new ChargeBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
        backoff.Failed();
        backoff.Failed();

        backoff.Reset();

        Assert.False(backoff.IsWaiting);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Failed());
    }
}
