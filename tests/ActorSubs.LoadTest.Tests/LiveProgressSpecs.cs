using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary>The once-a-second progress: timeline samples and one line a second.</summary>
public sealed class LiveProgressSpecs
{
    [Fact]
    public async Task It_samples_and_prints_a_line_each_second_until_cancelled()
    {
        var recorder = new RunRecorder("connect-hold", new Dictionary<string, string>());
        using var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var progress = LiveProgress.RunAsync(recorder, output, stop.Token);

        for (var i = 0; i < 25; i++)
        {
            recorder.ConnectAttempt();
            recorder.ConnectSucceeded(TimeSpan.FromMilliseconds(3));
            recorder.FrameSent(Counters.DeviceToHost);
            await Task.Delay(100);
        }
        await stop.CancelAsync();
        await progress; // ends quietly when cancelled

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 2, 3);
        Assert.All(lines, l => Assert.Matches(@"^  \[ +\d+ s\] connected [\d,]+  connects/s [\d.,]+  frames/s sent [\d.,]+ received [\d.,]+  failed connects 0  errors 0  p99 connect [\d.]+ ms", l));
        var report = recorder.ToReport("");
        Assert.Equal(lines.Length + 1, report.Timeline.Count); // one sample a line, and a last one when cancelled
        Assert.Equal(25, report.Timeline[^1].Connected);
        Assert.True(report.Timeline.Zip(report.Timeline.Skip(1)).All(p => p.Item2.Seconds > p.Item1.Seconds));
    }

    [Fact]
    public void A_snapshot_has_rates_since_the_previous_one()
    {
        var before = SampleRun.Report() with { Timeline = [new TimelinePoint(1, 40, 100, 90, 0, 40)] };
        var now = SampleRun.Report() with { Timeline = [new TimelinePoint(1, 40, 100, 90, 0, 40), new TimelinePoint(3, 90, 300, 290, 2, 97)] };

        var first = LiveSnapshot.Of(before, null, null);
        var second = LiveSnapshot.Of(now, first, null);

        Assert.Equal(40, first.ConnectsPerSecond);
        Assert.Equal(28.5, second.ConnectsPerSecond);
        Assert.Equal(100, second.FramesSentPerSecond);
        Assert.Equal(100, second.FramesReceivedPerSecond);
        Assert.Equal((90L, 3L, 2L), (second.Connected, second.ConnectFailed, second.Errors));
        Assert.Equal(Latencies.EndToEnd, second.MainLatency);
        Assert.Equal(now.Latencies[Latencies.EndToEnd].P99Ms, second.MainP99Ms);
        Assert.Contains("p99 end-to-end", second.Line());
        Assert.Contains("failed connects 3  errors 2", second.Line());
    }

    [Fact]
    public void A_last_sample_right_after_a_tick_keeps_that_ticks_rates()
    {
        var tick = SampleRun.Report() with { Timeline = [new TimelinePoint(2, 50, 100, 100, 0, 50)] };
        var last = SampleRun.Report() with { Timeline = [new TimelinePoint(2, 50, 100, 100, 0, 50), new TimelinePoint(2.01, 50, 100, 100, 0, 50)] };
        var first = LiveSnapshot.Of(tick, null, null);
        var final = LiveSnapshot.Of(last, first, null);
        Assert.Equal(25, final.ConnectsPerSecond);
        Assert.Equal(50, final.FramesReceivedPerSecond);
        Assert.Equal(2.01, final.Seconds);
    }

    [Fact]
    public void A_preferred_main_latency_leads_the_line()
    {
        var line = LiveSnapshot.Of(SampleRun.Report(), null, Latencies.NotificationLateness).Line();
        Assert.Contains("p99 notification-lateness ", line);
        Assert.DoesNotContain("p99 end-to-end", line);
    }

    [Theory]
    [InlineData(new[] { "connect" }, null, "connect")]
    [InlineData(new[] { "connect", "notification-lateness", "cut-lateness" }, null, "notification-lateness")]
    [InlineData(new[] { "connect", "end-to-end" }, null, "end-to-end")]
    [InlineData(new[] { "connect", "cut-lateness" }, "cut-lateness", "cut-lateness")]
    [InlineData(new[] { "connect" }, "cut-lateness", "connect")]
    [InlineData(new[] { "zeta", "alpha" }, null, "alpha")]
    [InlineData(new[] { "connect", "round-trip", "end-to-end.device-to-host", "end-to-end.host-to-device" }, null, "end-to-end.device-to-host")]
    [InlineData(new[] { "connect", "reconnect-outage", "reconnect" }, null, "reconnect")]
    [InlineData(new[] { "request.purchase", "renewed-after-request", "renewed-after-response", "connect" }, null, "renewed-after-response")]
    [InlineData(new[] { "connect", "request", "notification-raised-lateness", "notification-lateness", "cut-lateness" }, null, "notification-lateness")]
    [InlineData(new string[0], null, null)]
    public void The_main_latency_is_the_one_the_scenario_is_about(string[] recorded, string? preferred, string? main) =>
        Assert.Equal(main, LiveSnapshot.MainLatencyOf(recorded, preferred));
}
