using System.Diagnostics;
using ActorSubs.LoadTest.Clients;

namespace ActorSubs.LoadTest.Scenarios.Fleet;

/// <summary>How a batch of connects went.</summary>
public sealed record RampResult(int Attempted, int Ok, int Failed, TimeSpan Elapsed, TimeSpan FirstToLastOk)
{
    /// <summary>Successful connects per second, from the first attempt to the last success.</summary>
    public double ConnectsPerSecond => Ok == 0 ? 0 : Ok / Math.Max(FirstToLastOk.TotalSeconds, 0.001);
}

/// <summary>
/// Opens clients at a steady rate (emqtt-bench's "connect rate"), with at most a given number of connects in flight
/// so a stalled node is not buried; a rate of 0 means all at once (bounded by the in-flight cap).
/// </summary>
public static class ConnectRamp
{
    public static async Task<RampResult> RunAsync(IReadOnlyList<AgentClient> clients, double perSecond, int maxInFlight,
        CancellationToken cancellation, string? alsoRecordAs = null)
    {
        var clock = Stopwatch.StartNew();
        var gate = new SemaphoreSlim(maxInFlight, maxInFlight);
        var tasks = new List<Task>(clients.Count);
        var ok = 0;
        var failed = 0;
        long lastOkTicks = 0;
        var started = 0;
        try
        {
            while (started < clients.Count && !cancellation.IsCancellationRequested)
            {
                var due = perSecond <= 0 ? clients.Count : Math.Min(clients.Count, (int)(clock.Elapsed.TotalSeconds * perSecond) + 1);
                while (started < due)
                {
                    await gate.WaitAsync(cancellation);
                    var client = clients[started++];
                    tasks.Add(Task.Run(async () =>
                    {
                        try
                        {
                            if (await client.ConnectAsync(cancellation, alsoRecordAs))
                            {
                                Interlocked.Increment(ref ok);
                                Shared.AtomicMax(ref lastOkTicks, clock.Elapsed.Ticks);
                            }
                            else Interlocked.Increment(ref failed);
                        }
                        catch (OperationCanceledException)
                        {
                            Interlocked.Increment(ref failed);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }, CancellationToken.None));
                }
                if (started < clients.Count) await Task.Delay(5, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The run's time is up: report what was started.
        }
        await Task.WhenAll(tasks);
        return new RampResult(started, ok, failed, clock.Elapsed, TimeSpan.FromTicks(Interlocked.Read(ref lastOkTicks)));
    }

    /// <summary>Polls <paramref name="done"/> every 20 ms until it holds or the time is up; true when it held.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> done, TimeSpan timeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed >= timeout || cancellation.IsCancellationRequested) return false;
            try { await Task.Delay(20, cancellation); }
            catch (OperationCanceledException) { return done(); }
        }
        return true;
    }

    /// <summary>Closes every open client (bounded wait each), a few hundred at a time.</summary>
    public static async Task CloseAllAsync(IEnumerable<AgentClient> clients, bool recordAsDisconnects)
    {
        await Parallel.ForEachAsync(clients.Where(c => c.State == AgentState.Open),
            new ParallelOptions { MaxDegreeOfParallelism = 512 },
            async (client, _) => await client.CloseAsync(recordAsDisconnects, TimeSpan.FromSeconds(5)));
    }
}
