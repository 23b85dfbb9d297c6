namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// How far a reader of the journal may go on a database where a write can commit after a later-numbered one
/// (PostgreSQL: numbers are drawn at insert, rows appear at commit). Each round observes the highest number visible;
/// a number observed at least <c>settle</c> ago is safe, because every row numbered below it was either visible then or
/// in a transaction already under way, which has had <c>settle</c> to commit. Reading up to a row's own <c>created</c>
/// time is not safe: the journal stamps rows before they queue for the writer, and concurrent batches take their
/// numbers in another order than their stamps, so a reader that filters on the stamp skips unsettled lower-numbered
/// rows for good once it has read past them.
/// </summary>
public sealed class SettledHorizon
{
    private readonly TimeSpan _settle;
    private readonly Queue<(DateTime At, long Highest)> _observed = new();
    private long _horizon;

    public SettledHorizon(TimeSpan settle) =>
        _settle = settle > TimeSpan.Zero ? settle : throw new ArgumentOutOfRangeException(nameof(settle), settle, "Must be positive.");

    /// <summary>Records the highest number visible <paramref name="at"/> and returns the highest one safe to read up to.</summary>
    public long Observe(DateTime at, long highestVisible)
    {
        _observed.Enqueue((at, highestVisible));
        while (_observed.TryPeek(out var oldest) && oldest.At <= at - _settle)
        {
            _horizon = Math.Max(_horizon, oldest.Highest);
            _observed.Dequeue();
        }
        return _horizon;
    }
}
