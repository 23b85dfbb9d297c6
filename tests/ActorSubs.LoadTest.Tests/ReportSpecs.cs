using System.Text.Json;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Reporting;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary>From a recorded run to its report, JSON, summary and PNG, on known values (<see cref="SampleRun"/>).</summary>
public sealed class ReportSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_report_holds_the_recorded_counters_and_percentiles()
    {
        var report = SampleRun.Recorder().ToReport(SampleRun.Target);

        Assert.Equal("connect-hold", report.Scenario);
        Assert.Equal(100, report.Counter(Counters.ConnectAttempts));
        Assert.Equal(97, report.Counter(Counters.ConnectOk));
        Assert.Equal(new Dictionary<string, long> { ["http-401"] = 2, ["timeout"] = 1 }, report.CountersUnder(Counters.ConnectFailedPrefix));
        Assert.Equal(new Dictionary<string, long> { ["1000"] = 3, ["4001"] = 5, ["abnormal"] = 2 }, report.CountersUnder(Counters.DisconnectPrefix));

        var connect = report.Latencies[Latencies.Connect];
        Assert.Equal(97, connect.Count);
        AssertMs(49, connect.P50Ms);
        AssertMs(97, connect.MaxMs);
        var endToEnd = report.Latencies[Latencies.EndToEnd];
        AssertMs(100, endToEnd.P50Ms);
        AssertMs(198, endToEnd.P99Ms);
        AssertMs(200, endToEnd.MaxMs);
        Assert.Equal(endToEnd.MaxMs, endToEnd.Curve[^1].ValueMs);
        Assert.Equal(10, report.Latencies[Latencies.NotificationLateness].Count);
        Assert.Single(report.Timeline);
        Assert.Equal(97 - 10, report.Timeline[0].Connected);
        Assert.Equal(800, report.Timeline[0].FramesSent);
        Assert.Equal(810, report.Timeline[0].FramesReceived);
    }

    [Fact]
    public void The_figures_are_derived_from_counters_and_timeline()
    {
        var f = FleetFigures.Of(SampleRun.Report());

        Assert.Equal((100L, 97L, 3L), (f.ConnectAttempts, f.ConnectOk, f.ConnectFailed));
        Assert.Equal(2.5, f.ConnectSeconds);
        Assert.Equal(38.8, f.ConnectsPerSecond);
        Assert.Equal(40, f.PeakConnectsPerSecond);
        Assert.Equal((87L, 97L), (f.ConnectedAtEnd, f.PeakConnected));
        Assert.Equal((800L, 810L, 80.0, 81.0), (f.FramesSent, f.FramesReceived, f.FramesSentPerSecond!.Value, f.FramesReceivedPerSecond!.Value));
        var deviceToHost = f.Directions.Single(d => d.Direction == Counters.DeviceToHost);
        Assert.Equal(new DirectionFigures(Counters.DeviceToHost, 500, 490, 50, 49), deviceToHost);
        Assert.Equal(2, f.Errors);
    }

    [Fact]
    public void Without_a_connect_window_connects_per_second_run_to_the_sample_that_had_them_all()
    {
        var f = FleetFigures.Of(SampleRun.Report() with { ConnectWindowSeconds = null });
        Assert.Equal(3, f.ConnectSeconds);
        Assert.Equal(32.3, f.ConnectsPerSecond);
    }

    [Fact]
    public void The_recorder_times_the_connects_from_first_attempt_to_last_success()
    {
        var recorder = new RunRecorder("connect-hold", new Dictionary<string, string>());
        Assert.Null(recorder.ToReport(SampleRun.Target).ConnectWindowSeconds);
        recorder.ConnectAttempt();
        Thread.Sleep(50);
        recorder.ConnectAttempt();
        recorder.ConnectSucceeded(TimeSpan.FromMilliseconds(1));
        recorder.ConnectFailed("timeout");
        Assert.InRange(recorder.ToReport(SampleRun.Target).ConnectWindowSeconds!.Value, 0.045, 5);
    }

    [Theory]
    [InlineData(3.0, 2.0, "1.50×")]
    [InlineData(0.0, 2.0, "0.00×")]
    [InlineData(3.0, 0.0, "n/a")]
    [InlineData(-3.0, 2.0, "n/a")]
    [InlineData(3.0, -2.0, "n/a")]
    [InlineData(null, 2.0, "n/a")]
    public void Ratios_are_given_only_between_positive_figures(double? value, double? baseline, string text) =>
        Assert.Equal(text, Format.Ratio(value, baseline));

    [Theory]
    [InlineData(812L, "812 B")]
    [InlineData(20L * 1024, "20.0 KiB")]
    [InlineData(3L * 1024 * 1024 / 2, "1.50 MiB")]
    [InlineData(-1_146_822L, "-1.09 MiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.00 GiB")]
    public void Memory_is_shown_in_binary_units(long bytes, string text) => Assert.Equal(text, Format.Bytes(bytes));

    [Theory]
    [InlineData(0.0072, "7.2 ms")]
    [InlineData(0.25, "250 ms")]
    [InlineData(2.5, "2.5 s")]
    public void Spans_under_a_second_are_in_milliseconds(double seconds, string text) => Assert.Equal(text, Format.Span(seconds));

    [Fact]
    public async Task The_json_report_reads_back_equal()
    {
        var report = SampleRun.Report(SampleRun.Baseline());
        var path = _folder.File("runs/connect-hold.json");

        await RunOutput.WriteJsonAsync(report, path, CancellationToken.None);
        var read = RunOutput.Read(path);

        Assert.Equal(JsonSerializer.Serialize(report, RunOutput.Json), JsonSerializer.Serialize(read, RunOutput.Json));
        Assert.Equal(report.Counters, read.Counters);
        Assert.Equal(report.Settings, read.Settings);
        Assert.Equal(report.Timeline, read.Timeline);
        Assert.Equal(report.Latencies[Latencies.EndToEnd].Curve, read.Latencies[Latencies.EndToEnd].Curve);
        Assert.Equal(report.StartedAt, read.StartedAt);
        Assert.Equal(2.5, read.ConnectWindowSeconds);
        Assert.Equal(report.Baseline!.Target, read.Baseline!.Target);
        Assert.Equal(report.Baseline.Timeline, read.Baseline.Timeline);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal(97, json.RootElement.GetProperty("counters").GetProperty("connect.ok").GetInt64());
        Assert.True(json.RootElement.GetProperty("latencies").GetProperty("end-to-end").GetProperty("p99Ms").GetDouble() > 190);
    }

    [Fact]
    public void Reading_a_file_that_is_no_fleet_report_says_so()
    {
        var path = _folder.File("api.json");
        File.WriteAllText(path, """{"scenario":"api","runId":"ab12","purchases":{"ok":5}}""");
        var error = Assert.Throws<InvalidDataException>(() => RunOutput.Read(path));
        Assert.Contains("is not a run report", error.Message);
    }

    [Fact]
    public void The_plain_summary_has_the_figures_load_testers_look_for()
    {
        var report = SampleRun.Report();
        using var output = new StringWriter();
        Printer.WriteSummary(report, output);
        var text = output.ToString();
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToArray();

        Assert.Contains("== connect-hold against http://127.0.0.1:5080/: 10.0 s from ", text);
        Expect.Line(lines, "devices", "100");
        Expect.Line(lines, "attempts", "100");
        Expect.Line(lines, "ok", "97");
        Expect.Line(lines, "failed", "3");
        Expect.Line(lines, "failed: http-401", "2");
        Expect.Line(lines, "failed: timeout", "1");
        Expect.Line(lines, "connects/s", "38.8 over 2.5 s from first attempt to last connect; peak 40.0/s between 1 s samples");
        Expect.Line(lines, "connected at end", "87");
        Expect.Line(lines, "peak connected", "97");
        Expect.Line(lines, "device-to-host", "500", "490", "50.0", "49.0");
        Expect.Line(lines, "host-to-device", "300", "300", "30.0", "30.0");
        Expect.Line(lines, "server-to-device", "0", "20", "0.0", "2.0");
        Expect.Line(lines, "all", "800", "810", "80.0", "81.0");
        Assert.Contains("peak received 81.0/s in a second", text);
        Expect.Line(lines, "latency", "n", "p50", "p95", "p99", "max", "mean");
        foreach (var name in new[] { Latencies.Connect, Latencies.EndToEnd, Latencies.NotificationLateness })
        {
            var l = report.Latencies[name];
            Expect.Line(lines, name, Format.Count(l.Count), Format.Ms(l.P50Ms), Format.Ms(l.P95Ms), Format.Ms(l.P99Ms), Format.Ms(l.MaxMs), Format.Ms(l.MeanMs));
        }
        Expect.Line(lines, "4001", "5", "subscription expired (session cut)");
        Expect.Line(lines, "1000", "3", "normal closure");
        Expect.Line(lines, "abnormal", "2", "dropped without a close frame");
        Expect.Line(lines, "bad-frame", "2");
        Expect.Line(lines, "notifications.acked", "20");
        Assert.Contains("scenario counters", lines);
        Expect.Line(lines, "node.working-set-per-device", "20.0 KiB");
        Assert.DoesNotContain("gateway vs baseline", text);
    }

    [Fact]
    public void With_a_baseline_the_summary_compares_gateway_and_baseline()
    {
        using var output = new StringWriter();
        Printer.WriteSummary(SampleRun.Report(SampleRun.Baseline()), output);
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd()).ToArray();

        Assert.Contains("gateway vs baseline (http://127.0.0.1:5081/)", lines);
        Expect.Line(lines, "figure", "gateway", "baseline", "gateway ÷ baseline");
        Expect.Line(lines, "connects/s", "38.8", "97.0", "0.40×");
        Expect.Line(lines, "connect ok", "97", "97", "1.00×");
        Expect.Line(lines, "frames received/s", "81.0", "81.0", "1.00×");
        Expect.Line(lines, "memory/connection (working set)", "20.0 KiB", "10.0 KiB", "2.00×");
        Assert.Contains(lines, l => l.TrimStart().StartsWith("end-to-end p99 ms ", StringComparison.Ordinal) && l.EndsWith("2.00×", StringComparison.Ordinal));
    }

    [Fact]
    public void Off_a_terminal_the_summary_is_plain_text_and_long_values_stay_on_their_line()
    {
        var report = SampleRun.Report(SampleRun.Baseline());
        var longPath = "/tmp/" + new string('f', 150) + ".json";
        using var output = new StringWriter();
        Printer.WriteSummary(report with { Settings = new Dictionary<string, string> { ["fleet"] = longPath } }, output);
        var text = output.ToString();

        Assert.DoesNotContain("\u001b[", text); // no escape codes when the writer is not a terminal
        Assert.DoesNotContain("│", text); // borderless tables
        Expect.Line(text.Split('\n'), "fleet", longPath);
        Assert.Contains("38.8 over 2.5 s from first attempt to last connect; peak 40.0/s between 1 s samples", text);
    }

    [Fact]
    public void An_empty_run_still_summarises_and_draws()
    {
        var report = new RunRecorder("baseline", new Dictionary<string, string>()).ToReport(SampleRun.Target);
        using var output = new StringWriter();
        Printer.WriteSummary(report, output);
        Assert.Contains("connects/s", output.ToString());
        Assert.Contains("n/a", output.ToString());

        var png = _folder.File("empty.png");
        ReportChart.SavePng(report, png);
        Expect.Png(png, ReportChart.Width, ReportChart.RowHeight * 2);
    }

    [Fact]
    public async Task The_png_has_the_latency_curves_and_the_timeline()
    {
        var path = _folder.File("charts/connect-hold.png");
        await RunOutput.FinishAsync(SampleRun.Report(SampleRun.Baseline()), jsonPath: null, pngPath: path, TextWriter.Null, CancellationToken.None);

        // Three charts: latencies, connected, frames per second.
        Expect.Png(path, ReportChart.Width, ReportChart.RowHeight * 3);
        Assert.True(new FileInfo(path).Length > 30_000, $"{path} is only {new FileInfo(path).Length} bytes");
    }

    [Fact]
    public void Percentiles_are_spread_as_nines()
    {
        Assert.Equal(0, PercentileScale.X(0), 6);
        Assert.Equal(1, PercentileScale.X(90), 6);
        Assert.Equal(2, PercentileScale.X(99), 6);
        Assert.Equal(3, PercentileScale.X(99.9), 6);
        Assert.Equal(PercentileScale.MaxX, PercentileScale.X(100));
        Assert.Equal("1 ms", PercentileScale.MsLabel(0));
        Assert.Equal("2 s", PercentileScale.MsLabel(Math.Log10(2000)));
        Assert.Equal(-3, PercentileScale.Y(0));
    }

    [Fact]
    public void The_latency_axis_is_labelled_even_inside_one_decade()
    {
        var (_, narrow) = PercentileScale.LatencyTicks(Math.Log10(3), Math.Log10(40));
        Assert.Equal(["5 ms", "10 ms", "20 ms"], narrow);
        var (_, narrower) = PercentileScale.LatencyTicks(Math.Log10(1.3), Math.Log10(2.5));
        Assert.Equal(["1.4 ms", "1.6 ms", "1.8 ms", "2 ms", "2.5 ms"], narrower);
        var (_, wide) = PercentileScale.LatencyTicks(-1, 4);
        Assert.Equal(["0.1 ms", "1 ms", "10 ms", "100 ms", "1 s", "10 s"], wide);
    }

    private static void AssertMs(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= expected * 0.01, $"expected about {expected} ms, got {actual} ms");
}
