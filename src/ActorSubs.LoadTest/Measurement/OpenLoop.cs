using System.Diagnostics;
using ActorSubs.LoadTest.Recording;
using HdrHistogram;

namespace ActorSubs.LoadTest.Measurement;

/// <summary>
/// Shape of an open-loop phase: operations start at a fixed <see cref="Rate"/> for <see cref="Duration"/>,
/// whatever the answers do, with at most <see cref="MaxInFlight"/> running at once (a stalled target then
/// holds back later starts instead of burying itself). An operation still running <see cref="Grace"/> after
/// the end is cancelled.
/// </summary>
public sealed record OpenLoopPlan(double Rate, TimeSpan Duration, int MaxInFlight, TimeSpan Grace);

/// <summary>
/// Counts and latencies of an open-loop phase. Latency runs from each operation's <em>scheduled</em> start, so
/// time spent waiting for an in-flight slot or behind a late scheduler counts (no coordinated omission).
/// <see cref="Behind"/> counts operations that started more than 10 ms after their schedule.
/// </summary>
public sealed record OpenLoopResult(
    double Rate, long Scheduled, long Ok, IReadOnlyList<ErrorCount> Errors, long ErrorCount, LatencyReport Latency,
    long Behind, double ElapsedSeconds)
{
    /// <summary>Successes per second over the whole phase, stragglers included.</summary>
    public double Throughput => ElapsedSeconds > 0 ? Math.Round(Ok / ElapsedSeconds, 1) : 0;
}

/// <summary>Runs an <see cref="OpenLoopPlan"/>: operation <c>i</c> is due at <c>i / rate</c> seconds.</summary>
public static class OpenLoop
{
    private static readonly TimeSpan BehindThreshold = TimeSpan.FromMilliseconds(10);

    public static async Task<OpenLoopResult> RunAsync(
        OpenLoopPlan plan, Func<long, CancellationToken, ValueTask<Outcome>> operation, CancellationToken cancellation)
    {
        var total = (long)Math.Floor(plan.Rate * plan.Duration.TotalSeconds);
        var latency = new LongConcurrentHistogram(1, RunRecorder.HighestTrackableMicros, 3);
        var errors = new ErrorTally();
        long ok = 0, behind = 0, scheduled = 0;
        using var gate = new SemaphoreSlim(plan.MaxInFlight, plan.MaxInFlight);
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        hardStop.CancelAfter(plan.Duration + plan.Grace);
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();

        async Task RunOne(long index, TimeSpan due)
        {
            try
            {
                var outcome = await operation(index, hardStop.Token);
                if (outcome.Ok)
                {
                    Interlocked.Increment(ref ok);
                    latency.RecordValue(RunRecorder.Micros(clock.Elapsed - due));
                }
                else errors.Add(outcome.Error, outcome.Detail);
            }
            catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
            {
                // cut off by the hard stop: neither counted nor timed
            }
            finally
            {
                gate.Release();
            }
        }

        try
        {
            for (long i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds(i / plan.Rate);
                var wait = due - clock.Elapsed;
                // Task.Delay sleeps at least ~1 ms; a short spin-free wait keeps the rate even at thousands a second.
                if (wait > TimeSpan.FromMilliseconds(2)) await Task.Delay(wait, hardStop.Token);
                await gate.WaitAsync(hardStop.Token);
                if (clock.Elapsed - due > BehindThreshold) behind++;
                scheduled++;
                var index = i;
                running.Add(Task.Run(() => RunOne(index, due), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            // out of time: report what was started
        }
        await Task.WhenAll(running);
        cancellation.ThrowIfCancellationRequested();
        return new OpenLoopResult(plan.Rate, scheduled, ok, errors.Snapshot(), errors.Total, LatencyReport.Of(latency), behind,
            Math.Round(clock.Elapsed.TotalSeconds, 3));
    }
}
