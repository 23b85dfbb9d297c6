namespace ActorSubs.Cluster.Payments;

/// <summary>
/// An account's technical failures of its current charge, in a row: how long to wait before the next try (the initial
/// delay, doubled per failure, capped at the maximum), and whether a retry is still waiting. Kept in memory only: after
/// a crash the timeline's result recheck makes the charge again, with the same idempotency key (docs/rules.md, R9).
/// A plain class, so its arithmetic is tested without an actor.
/// </summary>
public sealed class ChargeBackoff(TimeSpan initialDelay, TimeSpan maxDelay)
{
    /// <summary>Technical failures since the last charge that ended with the provider's verdict.</summary>
    public int Failures { get; private set; }

    /// <summary>A retry is scheduled and has not come yet: the charge must not be made before it.</summary>
    public bool IsWaiting { get; private set; }

    /// <summary>Counts one more failure and returns how long to wait before the retry.</summary>
    public TimeSpan Failed()
    {
        Failures++;
        IsWaiting = true;
        var delay = initialDelay;
        for (var i = 1; i < Failures && delay < maxDelay; i++) delay += delay;
        return delay < maxDelay ? delay : maxDelay;
    }

    /// <summary>The retry's time has come.</summary>
    public void RetryDue() => IsWaiting = false;

    /// <summary>The provider gave its verdict (charged or declined), or no charge is due any more: the next failure starts over.</summary>
    public void Reset()
    {
        Failures = 0;
        IsWaiting = false;
    }
}
