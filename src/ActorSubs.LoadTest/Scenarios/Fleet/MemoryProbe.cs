using System.Diagnostics;
using ActorSubs.LoadTest.Fleet;

namespace ActorSubs.LoadTest.Scenarios.Fleet;

/// <summary>Memory at one instant: the process working set and the managed heap, in bytes.</summary>
public readonly record struct MemorySample(long WorkingSet, long Managed)
{
    public static MemorySample operator -(MemorySample a, MemorySample b) => new(a.WorkingSet - b.WorkingSet, a.Managed - b.Managed);
}

/// <summary>
/// Reads memory: the nodes' (<c>GET /metrics</c>: <c>process_working_set_bytes</c>, <c>dotnet_total_memory_bytes</c>,
/// summed over the targets) and this process's own (after a full collection, so the managed figure is live data).
/// </summary>
public static class MemoryProbe
{
    /// <summary>The nodes' memory, or null when a target's /metrics cannot be read.</summary>
    public static async Task<MemorySample?> NodesAsync(NodeClient api, CancellationToken cancellation)
    {
        long workingSet = 0, managed = 0;
        for (var i = 0; i < api.Targets.Count; i++)
        {
            var answer = await api.GetAsync(i, "/metrics", cancellation);
            if (!answer.Ok) return null;
            var text = System.Text.Encoding.UTF8.GetString(answer.Body);
            if (PromHistogram.Value(text, "process_working_set_bytes") is not { } ws || PromHistogram.Value(text, "dotnet_total_memory_bytes") is not { } total)
                return null;
            workingSet += (long)ws;
            managed += (long)total;
        }
        return new MemorySample(workingSet, managed);
    }

    /// <summary>
    /// Several samples <paramref name="every"/> apart; the smallest managed figure (the nodes' is taken without a
    /// collection, so the smallest holds the least garbage) with the working set of the same sample.
    /// </summary>
    public static async Task<MemorySample?> NodesSettledAsync(NodeClient api, int samples, TimeSpan every, CancellationToken cancellation)
    {
        MemorySample? best = null;
        for (var i = 0; i < samples; i++)
        {
            if (i > 0) await Task.Delay(every, cancellation);
            var sample = await NodesAsync(api, cancellation);
            if (sample is null) return null;
            if (best is null || sample.Value.Managed < best.Value.Managed) best = sample;
        }
        return best;
    }

    public static MemorySample Local()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new MemorySample(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }
}
