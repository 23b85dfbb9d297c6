using ActorSubs.Cluster.Wakeups;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// How far the wake-up feed may read on PostgreSQL: up to the highest row number it saw at least the settle time ago,
/// never up to what is merely visible now (a lower-numbered write may still commit behind it).
/// </summary>
public sealed class SettledHorizonSpecs
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);
    private static readonly DateTime Start = new(2026, 11, 30, 21, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Nothing_is_safe_before_the_settle_time_has_passed_since_the_first_look()
    {
        var horizon = new SettledHorizon(Settle);

        Assert.Equal(0, horizon.Observe(Start, 100));
        Assert.Equal(0, horizon.Observe(Start.AddSeconds(9.9), 250));
    }

    [Fact]
    public void The_horizon_is_the_highest_number_seen_at_least_the_settle_time_ago_not_the_highest_visible_now()
    {
        var horizon = new SettledHorizon(Settle);
        horizon.Observe(Start, 100);
        horizon.Observe(Start.AddSeconds(5), 250);

        Assert.Equal(100, horizon.Observe(Start.AddSeconds(10), 400));
        Assert.Equal(250, horizon.Observe(Start.AddSeconds(15), 500));
        Assert.Equal(400, horizon.Observe(Start.AddSeconds(21), 600));
    }

    [Fact]
    public void The_horizon_never_moves_back()
    {
        var horizon = new SettledHorizon(Settle);
        horizon.Observe(Start, 300);
        horizon.Observe(Start.AddSeconds(1), 200); // a lower maximum: rows deleted meanwhile

        Assert.Equal(300, horizon.Observe(Start.AddSeconds(11), 350));
    }

    [Fact]
    public void A_settle_time_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SettledHorizon(TimeSpan.Zero));
    }
}
