using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace ActorSubs.LoadTest.Recording;

/// <summary>
/// Everything a fleet scenario measures, recorded concurrently by thousands of simulated clients: counters
/// (connect attempts, failures by reason, frames each way, disconnects by close code, errors), latency
/// histograms (HdrHistogram, microseconds) and a once-a-second timeline. Live progress reads it while the
/// run goes on; <see cref="ToReport"/> freezes it into a <see cref="RunReport"/>.
/// </summary>
public sealed class RunRecorder
{
    public const long HighestTrackableMicros = 10L * 60 * 1_000_000;

    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LongConcurrentHistogram> _latencies = new(StringComparer.Ordinal);
    private readonly List<TimelinePoint> _timeline = [];
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private long _connected;
    private long _firstAttemptTicks = -1;
    private long _lastConnectOkTicks = -1;

    public RunRecorder(string scenario, IReadOnlyDictionary<string, string> settings)
    {
        Scenario = scenario;
        Settings = settings;
        StartedAt = DateTimeOffset.UtcNow;
    }

    public string Scenario { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public DateTimeOffset StartedAt { get; }

    public TimeSpan Elapsed => _elapsed.Elapsed;

    public long ConnectedNow => Interlocked.Read(ref _connected);

    // --- connections -----------------------------------------------------------------------------------

    public void ConnectAttempt()
    {
        Interlocked.CompareExchange(ref _firstAttemptTicks, _elapsed.ElapsedTicks, -1);
        Count(Counters.ConnectAttempts);
    }

    public void ConnectSucceeded(TimeSpan latency)
    {
        Count(Counters.ConnectOk);
        Shared.AtomicMax(ref _lastConnectOkTicks, _elapsed.ElapsedTicks);
        Interlocked.Increment(ref _connected);
        Latency(Latencies.Connect, latency);
    }

    /// <summary>A connect that failed: <paramref name="reason"/> is short and stable (<c>http-401</c>, <c>refused</c>, <c>timeout</c>).</summary>
    public void ConnectFailed(string reason) => Count(Counters.ConnectFailedPrefix + reason);

    /// <summary>An established connection ended; <paramref name="closeCode"/> null when it dropped without a close frame.</summary>
    public void Disconnected(int? closeCode)
    {
        Interlocked.Decrement(ref _connected);
        Count(Counters.DisconnectPrefix + (closeCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "abnormal"));
    }

    // --- frames and latencies --------------------------------------------------------------------------

    public void FrameSent(string direction) => Count(Counters.FramesSentPrefix + direction);

    public void FrameReceived(string direction) => Count(Counters.FramesReceivedPrefix + direction);

    public void Error(string kind) => Count(Counters.ErrorPrefix + kind);

    public void Count(string counter, long by = 1) => _counters.AddOrUpdate(counter, by, (_, v) => v + by);

    /// <summary>Records a latency (negative values, e.g. a notification a clock skew put early, count as 0).</summary>
    public void Latency(string name, TimeSpan value)
    {
        var histogram = _latencies.GetOrAdd(name, _ => new LongConcurrentHistogram(1, HighestTrackableMicros, 3));
        histogram.RecordValue(Micros(value));
    }

    /// <summary>A latency as the histograms hold it: whole microseconds, at least 1, at most <see cref="HighestTrackableMicros"/>.</summary>
    public static long Micros(TimeSpan value) => Math.Clamp((long)Math.Round(value.TotalMicroseconds), 1, HighestTrackableMicros);

    public long CounterValue(string counter) => _counters.TryGetValue(counter, out var v) ? v : 0;

    /// <summary>Called once a second by the scenario (or the live display): a point of the timeline.</summary>
    public void Sample()
    {
        var point = new TimelinePoint(
            Math.Round(Elapsed.TotalSeconds, 3), ConnectedNow,
            SumOf(Counters.FramesSentPrefix), SumOf(Counters.FramesReceivedPrefix), SumOf(Counters.ErrorPrefix),
            CounterValue(Counters.ConnectOk));
        lock (_timeline) _timeline.Add(point);
    }

    public RunReport ToReport(string target, RunReport? baseline = null)
    {
        List<TimelinePoint> timeline;
        lock (_timeline) timeline = [.. _timeline];
        return new RunReport(
            Scenario, target, StartedAt, Math.Round(Elapsed.TotalSeconds, 3), Settings,
            new SortedDictionary<string, long>(_counters, StringComparer.Ordinal),
            new SortedDictionary<string, LatencyReport>(_latencies.ToDictionary(kv => kv.Key, kv => LatencyReport.Of(kv.Value.Copy() /* a snapshot: clients keep recording */)), StringComparer.Ordinal),
            timeline, baseline, ConnectWindowSeconds());
    }

    /// <summary>From the first connect attempt to the last successful connect, or null before one.</summary>
    private double? ConnectWindowSeconds()
    {
        var first = Interlocked.Read(ref _firstAttemptTicks);
        var last = Interlocked.Read(ref _lastConnectOkTicks);
        if (first < 0 || last < 0) return null;
        return Math.Round(Math.Max(0, last - first) / (double)Stopwatch.Frequency, 6);
    }

    private long SumOf(string prefix) => _counters.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(kv => kv.Value);
}

/// <summary>Counter names shared by the scenarios and the reports.</summary>
public static class Counters
{
    public const string ConnectAttempts = "connect.attempts";
    public const string ConnectOk = "connect.ok";
    public const string ConnectFailedPrefix = "connect.failed.";
    public const string DisconnectPrefix = "disconnect.";
    public const string FramesSentPrefix = "frames.sent.";
    public const string FramesReceivedPrefix = "frames.received.";
    public const string ErrorPrefix = "error.";

    /// <summary>Frame directions.</summary>
    public const string DeviceToHost = "device-to-host";
    public const string HostToDevice = "host-to-device";
    public const string ServerToDevice = "server-to-device";
}

/// <summary>Latency names shared by the scenarios and the reports.</summary>
public static class Latencies
{
    public const string Connect = "connect";
    public const string EndToEnd = "end-to-end";
    public const string NotificationLateness = "notification-lateness";
    public const string CutLateness = "cut-lateness";
    public const string Request = "request";
}
