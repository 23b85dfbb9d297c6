using System.Globalization;
using ActorSubs.LoadTest.Reporting;

namespace ActorSubs.LoadTest.Recording;

/// <summary>
/// Samples the recorder once a second into its timeline and writes one progress line a second until cancelled; a last
/// sample is taken when cancelled, so the timeline reaches the end of the run.
/// </summary>
public static class LiveProgress
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <param name="mainLatency">the latency whose p99 the line leads with; by default the first recorded in
    /// <see cref="LatencyNames.MainOrder"/> (end-to-end, notification lateness, …, connect).</param>
    public static async Task RunAsync(RunRecorder recorder, TextWriter output, CancellationToken cancellation, string? mainLatency = null)
    {
        using var timer = new PeriodicTimer(Interval);
        LiveSnapshot? last = null;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                recorder.Sample();
                last = LiveSnapshot.Of(recorder.ToReport(""), last, mainLatency);
                output.WriteLine(last.Line());
            }
        }
        catch (OperationCanceledException)
        {
            recorder.Sample();
        }
    }
}

/// <summary>
/// What a progress line shows: clients connected, connects/s, frames/s each way, failures and errors, and the p99 of the
/// scenario's main latency so far. Rates are over the span since the previous snapshot.
/// </summary>
public sealed record LiveSnapshot(
    double Seconds, long Connected, long ConnectOk, long ConnectFailed,
    double? ConnectsPerSecond, double? FramesSentPerSecond, double? FramesReceivedPerSecond,
    long Errors, string? MainLatency, double? MainP99Ms, long FramesSent, long FramesReceived)
{
    /// <summary>Takes the snapshot from a report of the recorder just after its latest timeline sample.</summary>
    public static LiveSnapshot Of(RunReport now, LiveSnapshot? previous, string? mainLatency)
    {
        var point = now.Timeline.Count > 0 ? now.Timeline[^1] : new TimelinePoint(now.DurationSeconds, 0, 0, 0, 0, 0);
        var span = point.Seconds - (previous?.Seconds ?? 0);
        var tooSoon = span <= 0.05 && previous is not null; // the last sample right after a tick: keep that tick's rates
        double? Rate(long total, long? before, double? kept) => tooSoon ? kept : span > 0.05 ? Math.Round((total - (before ?? 0)) / span, 1) : null;
        var p99 = now.Latencies.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value.P99Ms, StringComparer.Ordinal);
        var main = MainLatencyOf(p99.Keys, mainLatency);
        return new LiveSnapshot(
            point.Seconds, point.Connected, point.ConnectsOk, now.CountersUnder(Counters.ConnectFailedPrefix).Values.Sum(),
            Rate(point.ConnectsOk, previous?.ConnectOk, previous?.ConnectsPerSecond),
            Rate(point.FramesSent, previous?.FramesSent, previous?.FramesSentPerSecond),
            Rate(point.FramesReceived, previous?.FramesReceived, previous?.FramesReceivedPerSecond),
            point.Errors, main, main is null ? null : p99[main], point.FramesSent, point.FramesReceived);
    }

    /// <summary>
    /// The latency the scenario is about: the one it names if recorded yet, else the first recorded in
    /// <see cref="LatencyNames.MainOrder"/> (end-to-end for relay, notification lateness for expiry-storm, …).
    /// </summary>
    public static string? MainLatencyOf(IEnumerable<string> recorded, string? preferred)
    {
        var names = recorded.ToList();
        if (preferred is not null && names.Contains(preferred, StringComparer.Ordinal)) return preferred;
        return names.OrderBy(n => LatencyNames.Rank(n, LatencyNames.MainOrder)).ThenBy(n => n, StringComparer.Ordinal).FirstOrDefault();
    }

    public string Line()
    {
        var latency = MainLatency is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  p99 {MainLatency} {Format.Ms(MainP99Ms ?? 0)} ms");
        return string.Create(CultureInfo.InvariantCulture,
            $"  [{Seconds,6:0} s] connected {Format.Count(Connected)}  connects/s {Format.Rate(ConnectsPerSecond)}  " +
            $"frames/s sent {Format.Rate(FramesSentPerSecond)} received {Format.Rate(FramesReceivedPerSecond)}  " +
            $"failed connects {Format.Count(ConnectFailed)}  errors {Format.Count(Errors)}{latency}");
    }
}
