using System.Collections.Concurrent;

namespace ActorSubs.LoadTest.Measurement;

/// <summary>
/// What went wrong with one operation: the HTTP status and the problem's <c>code</c>, or status 0 when
/// there was no HTTP answer (transport error, timeout, database error) with a short code naming it.
/// </summary>
public readonly record struct ErrorKey(int Status, string Code)
{
    public override string ToString() => Status == 0 ? Code : $"{Status} {Code}";
}

/// <summary>Counts errors by <see cref="ErrorKey"/> and keeps the first detail seen for each.</summary>
public sealed class ErrorTally
{
    private readonly ConcurrentDictionary<ErrorKey, long> _counts = new();
    private readonly ConcurrentDictionary<ErrorKey, string> _firstDetail = new();

    public void Add(ErrorKey key, string? detail)
    {
        _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (detail is not null) _firstDetail.TryAdd(key, detail);
    }

    public long Total => _counts.Values.Sum();

    public IReadOnlyList<ErrorCount> Snapshot() => _counts
        .Select(kv => new ErrorCount(kv.Key.Status, kv.Key.Code, kv.Value, _firstDetail.GetValueOrDefault(kv.Key)))
        .OrderByDescending(e => e.Count).ThenBy(e => e.Status).ThenBy(e => e.Code, StringComparer.Ordinal)
        .ToList();
}

public sealed record ErrorCount(int Status, string Code, long Count, string? FirstDetail);
