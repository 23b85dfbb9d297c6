namespace ActorSubs.Node.Gateway;

/// <summary>A token bucket per connection: a burst is allowed, a sustained flood is not.</summary>
public sealed class MessageRateLimit(double perSecond, int burst, TimeProvider clock)
{
    private double _tokens = burst;
    private long _last = clock.GetTimestamp();

    public bool TryTake()
    {
        var now = clock.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + clock.GetElapsedTime(_last, now).TotalSeconds * perSecond);
        _last = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
