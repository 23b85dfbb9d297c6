using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Tests.Support;

/// <summary>
/// A fleet run recorded by hand with known values, so the report's figures can be checked exactly:
/// 100 connect attempts, 97 ok (1 … 97 ms), 2 refused with http-401 and 1 timeout; 200 end-to-end
/// latencies of 1 … 200 ms; 10 notification latenesses of 5, 10 … 50 ms; frames each way; disconnects
/// 5 × 4001, 3 × 1000, 2 without a close frame; 2 bad-frame errors; 20 acked notifications; 20 KiB of node
/// memory per device. The timeline
/// is fixed: 10 s, every connect done by the third second (peak 40/s), and 2.5 s from the first connect attempt to
/// the last connect (97 / 2.5 s = 38.8 connects/s).
/// </summary>
public static class SampleRun
{
    public const string Target = "http://127.0.0.1:5080/";

    /// <param name="baseline">the bare-Kestrel run: latencies halved, memory per connection of the server (10 KiB)
    /// instead of the node's per device (20 KiB)</param>
    public static RunRecorder Recorder(bool baseline = false)
    {
        var latencyScale = baseline ? 0.5 : 1;
        var recorder = new RunRecorder("connect-hold", new Dictionary<string, string> { ["devices"] = "100", ["hold"] = "10" });
        for (var i = 1; i <= 100; i++)
        {
            recorder.ConnectAttempt();
            if (i <= 97) recorder.ConnectSucceeded(TimeSpan.FromMilliseconds(i * latencyScale));
            else recorder.ConnectFailed(i <= 99 ? "http-401" : "timeout");
        }
        for (var ms = 1; ms <= 200; ms++) recorder.Latency(Latencies.EndToEnd, TimeSpan.FromMilliseconds(ms * latencyScale));
        for (var ms = 5; ms <= 50; ms += 5) recorder.Latency(Latencies.NotificationLateness, TimeSpan.FromMilliseconds(ms * latencyScale));
        Repeat(500, () => recorder.FrameSent(Counters.DeviceToHost));
        Repeat(490, () => recorder.FrameReceived(Counters.DeviceToHost));
        Repeat(300, () => recorder.FrameSent(Counters.HostToDevice));
        Repeat(300, () => recorder.FrameReceived(Counters.HostToDevice));
        Repeat(20, () => recorder.FrameReceived(Counters.ServerToDevice));
        Repeat(5, () => recorder.Disconnected(4001));
        Repeat(3, () => recorder.Disconnected(1000));
        Repeat(2, () => recorder.Disconnected(null));
        Repeat(2, () => recorder.Error("bad-frame"));
        recorder.Count("notifications.acked", 20);
        if (baseline) recorder.Count("memory.server.working-set-per-connection-bytes", 10 * 1024);
        else recorder.Count("memory.node.working-set-per-device-bytes", 20 * 1024);
        recorder.Sample();
        return recorder;
    }

    /// <summary>The recorder's report with its duration and timeline replaced by fixed ones, so rates are known.</summary>
    public static RunReport Report(RunReport? baseline = null) =>
        Recorder().ToReport(Target, baseline) with
        {
            DurationSeconds = 10, ConnectWindowSeconds = 2.5, Timeline = Timeline(connectsBySecond: [40, 80, 97]),
        };

    /// <summary>The same run against bare Kestrel: every connect in the first second (97 connects/s), latencies halved.</summary>
    public static RunReport Baseline() =>
        Recorder(baseline: true).ToReport("http://127.0.0.1:5081/") with
        {
            DurationSeconds = 10, ConnectWindowSeconds = 1, Timeline = Timeline(connectsBySecond: [97]),
        };

    /// <summary>Ten points, one a second; frames grow evenly to their totals; 10 disconnects over the last 5 s.</summary>
    public static IReadOnlyList<TimelinePoint> Timeline(long[] connectsBySecond) =>
        Enumerable.Range(1, 10).Select(s =>
        {
            var connects = connectsBySecond[Math.Min(s, connectsBySecond.Length) - 1];
            var connected = connects - Math.Max(0, s - 5) * 2;
            return new TimelinePoint(s, connected, 80L * s, 81L * s, s >= 6 ? 2 : 0, connects);
        }).ToList();

    private static void Repeat(int times, Action action)
    {
        for (var i = 0; i < times; i++) action();
    }
}
