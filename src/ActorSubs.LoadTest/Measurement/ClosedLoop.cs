using System.Diagnostics;
using ActorSubs.LoadTest.Recording;
using HdrHistogram;

namespace ActorSubs.LoadTest.Measurement;

/// <summary>The result of one operation: success, or the error it ended with.</summary>
public readonly record struct Outcome(bool Ok, ErrorKey Error, string? Detail)
{
    public static Outcome Success { get; } = new(true, default, null);

    public static Outcome Failed(ErrorKey error, string? detail = null) => new(false, error, detail);
}

/// <summary>One worker of a closed loop: owns its connection(s) and runs one operation at a time.</summary>
public interface ILoadWorker : IAsyncDisposable
{
    ValueTask<Outcome> ExecuteAsync(CancellationToken cancellation);
}

/// <summary>A worker that runs one operation over and over and owns nothing to dispose.</summary>
public sealed class Worker(Func<CancellationToken, Task<Outcome>> operation) : ILoadWorker
{
    public async ValueTask<Outcome> ExecuteAsync(CancellationToken cancellation) => await operation(cancellation);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// Shape of a closed-loop phase: <see cref="Concurrency"/> workers each run operations back to back for
/// warmup + duration, stopping early after <see cref="MaxOperations"/> operations in all. An operation
/// still running <see cref="Grace"/> after the end is cancelled, so the phase always ends.
/// </summary>
public sealed record ClosedLoopPlan(int Concurrency, TimeSpan Warmup, TimeSpan Duration, long MaxOperations, TimeSpan Grace);

public enum StopReason { Duration, MaxOperations }

/// <summary>
/// Counts and latencies of a phase. <see cref="Ok"/>, <see cref="Errors"/> and <see cref="Latency"/> cover the
/// operations that <em>started</em> after the warmup. Throughput counts the successes that <em>finished</em>
/// inside the window (end of warmup to end of duration, or to the last operation when the cap stopped the
/// phase early), divided by the window's length, so a straggler finishing late does not stretch the window.
/// </summary>
public sealed record ClosedLoopResult(
    int Concurrency, double WarmupSeconds, double PlannedSeconds,
    long Ok, IReadOnlyList<ErrorCount> Errors, long ErrorCount, LatencyReport Latency,
    long OkInWindow, double WindowSeconds, long FinishedLate, double LatestFinishSeconds,
    long WarmupOk, IReadOnlyList<ErrorCount> WarmupErrors, long WarmupErrorCount, StopReason StoppedBy,
    IReadOnlyList<long> OkPerSecond)
{
    /// <summary>Successful operations per second of the window, or null when the window is empty.</summary>
    public double? Throughput => WindowSeconds > 0 ? Math.Round(OkInWindow / WindowSeconds, 1) : null;
}

/// <summary>Runs a <see cref="ClosedLoopPlan"/>: the engine every scenario and the raw-insert ceiling share.</summary>
public static class ClosedLoop
{
    public static async Task<ClosedLoopResult> RunAsync(
        ClosedLoopPlan plan, Func<int, CancellationToken, Task<ILoadWorker>> createWorker, CancellationToken cancellation)
    {
        // Database drivers such as Microsoft.Data.Sqlite block their thread; with one pool thread per worker
        // available at once, no worker waits for the pool to grow (it adds about one thread a second).
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        if (minWorkers < plan.Concurrency + 4) ThreadPool.SetMinThreads(plan.Concurrency + 4, minIo);

        // Workers are created (connections opened) before the clock starts.
        var workers = new ILoadWorker[plan.Concurrency];
        var created = 0;
        try
        {
            for (; created < workers.Length; created++)
                workers[created] = await createWorker(created, cancellation);
            return await RunWorkersAsync(plan, workers, cancellation);
        }
        finally
        {
            for (var i = 0; i < created; i++) await workers[i].DisposeAsync();
        }
    }

    private static async Task<ClosedLoopResult> RunWorkersAsync(ClosedLoopPlan plan, ILoadWorker[] workers, CancellationToken cancellation)
    {
        var latency = new LongConcurrentHistogram(1, RunRecorder.HighestTrackableMicros, 3);
        var errors = new ErrorTally();
        var warmupErrors = new ErrorTally();
        long ok = 0, okInWindow = 0, finishedLate = 0, warmupOk = 0, started = 0;
        var maxReached = false;
        var seconds = (int)Math.Ceiling((plan.Warmup + plan.Duration + plan.Grace).TotalSeconds) + 1;
        var okPerSecond = new long[seconds];

        var clock = Stopwatch.StartNew();
        var warmupEnd = plan.Warmup;
        var end = plan.Warmup + plan.Duration;
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        hardStop.CancelAfter(end + plan.Grace);
        long lastFinishTicks = 0;

        async Task WorkerLoop(ILoadWorker worker)
        {
            while (!hardStop.IsCancellationRequested)
            {
                var startedAt = clock.Elapsed;
                if (startedAt >= end) return;
                if (Interlocked.Increment(ref started) > plan.MaxOperations)
                {
                    maxReached = true;
                    return;
                }

                Outcome outcome;
                try
                {
                    outcome = await worker.ExecuteAsync(hardStop.Token);
                }
                catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
                {
                    return; // cut off by the hard stop or an interrupt: neither counted nor timed
                }

                var finishedAt = clock.Elapsed;
                Shared.AtomicMax(ref lastFinishTicks, finishedAt.Ticks);
                var measured = startedAt >= warmupEnd;
                if (finishedAt > end) Interlocked.Increment(ref finishedLate);
                if (outcome.Ok)
                {
                    if (finishedAt >= warmupEnd && finishedAt <= end) Interlocked.Increment(ref okInWindow);
                    if (measured)
                    {
                        Interlocked.Increment(ref ok);
                        latency.RecordValue(RunRecorder.Micros(finishedAt - startedAt));
                    }
                    else Interlocked.Increment(ref warmupOk);
                    Interlocked.Increment(ref okPerSecond[Math.Min((int)finishedAt.TotalSeconds, seconds - 1)]);
                }
                else (measured ? errors : warmupErrors).Add(outcome.Error, outcome.Detail);
            }
        }

        await Task.WhenAll(workers.Select(w => Task.Run(() => WorkerLoop(w), CancellationToken.None)));
        cancellation.ThrowIfCancellationRequested();

        var lastFinish = TimeSpan.FromTicks(Interlocked.Read(ref lastFinishTicks));
        var windowEnd = maxReached && lastFinish < end ? lastFinish : end;
        var windowSeconds = Math.Max(0, (windowEnd - warmupEnd).TotalSeconds);
        var used = Math.Min(seconds, (int)Math.Ceiling(lastFinish.TotalSeconds));
        return new ClosedLoopResult(
            plan.Concurrency, plan.Warmup.TotalSeconds, plan.Duration.TotalSeconds,
            ok, errors.Snapshot(), errors.Total, LatencyReport.Of(latency),
            okInWindow, Math.Round(windowSeconds, 3), finishedLate, Math.Round(lastFinish.TotalSeconds, 3),
            warmupOk, warmupErrors.Snapshot(), warmupErrors.Total,
            maxReached ? StopReason.MaxOperations : StopReason.Duration,
            okPerSecond.Take(Math.Max(used, 0)).ToArray());
    }
}
