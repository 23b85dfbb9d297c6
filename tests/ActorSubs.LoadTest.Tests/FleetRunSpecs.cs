using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Reporting;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary>
/// Each WebSocket fleet scenario once, briefly, with a handful of devices against a real node: the run
/// completes, its JSON report reads back, and the counters agree with what was asked.
/// </summary>
[Collection(LoadNodeCollection.Name)]
public sealed class FleetRunSpecs(LoadNode fixture) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Connect_hold_connects_every_device_and_holds_them()
    {
        var (result, report) = await RunAsync("connect-hold", "--devices", "6", "--devices-per-account", "3", "--ramp", "0", "--hold", "2", "--duration", "30");

        Assert.Equal("connect-hold", report.Scenario);
        Assert.Equal(6, report.Counter(Counters.ConnectAttempts));
        Assert.Equal(6, report.Counter(Counters.ConnectOk));
        Assert.Empty(report.CountersUnder(Counters.ConnectFailedPrefix));
        Assert.Empty(report.CountersUnder(Counters.ErrorPrefix));
        Assert.Equal(6, report.Latencies[Latencies.Connect].Count);
        Assert.True(report.Latencies[Latencies.Connect].P50Ms > 0);
        Assert.Equal(6, report.Counter("connected.at-hold"));
        Assert.NotEmpty(report.Timeline);
        Assert.Equal(6, report.Timeline.Max(p => p.Connected));
        Assert.Null(report.Baseline);
        Assert.Equal("6", report.Settings["devices"]);

        Assert.Contains("== connect-hold against ", result.Output);
        Expect.Line(Lines(result.Output), "ok", "6");
        Assert.Matches(@"\[ +\d+ s\] connected \d+", result.Output); // the plain progress line, once a second

        var png = _folder.File("connect-hold.png");
        var redraw = await LoadTester.RunAsync("report", "--json", _folder.File("connect-hold.json"), "--png", png);
        Assert.True(redraw.ExitCode == LoadTestApp.ExitOk, redraw.ToString());
        var rows = report.Timeline.Any(p => p.FramesReceived > 0 || p.FramesSent > 0) ? 3 : 2; // frames/s only when there were frames
        Expect.Png(png, 1200, rows * 420);
    }

    [Fact]
    public async Task Connect_hold_with_baseline_reports_both_runs_and_their_ratios()
    {
        var (result, report) = await RunAsync("connect-hold", "--devices", "4", "--devices-per-account", "2", "--ramp", "0", "--hold", "1", "--baseline", "--duration", "30");

        var baseline = Assert.IsType<RunReport>(report.Baseline);
        Assert.Equal(4, report.Counter(Counters.ConnectOk));
        Assert.Equal(4, baseline.Counter(Counters.ConnectOk));
        Assert.Empty(baseline.CountersUnder(Counters.ErrorPrefix));
        Assert.Equal(4, baseline.Latencies[Latencies.Connect].Count);
        Assert.Contains("gateway vs baseline", result.Output);
        Assert.Matches(@"connect p99 ms +[\d.]+ +[\d.]+ +[\d.]+×", result.Output);
    }

    [Fact]
    public async Task Expiry_storm_notifies_and_cuts_every_device()
    {
        var png = _folder.File("expiry-storm.png");
        var (result, report) = await RunAsync("expiry-storm", "--accounts", "2", "--devices-per-account", "2", "--ramp", "0", "--lead", "1", "--duration", "30",
            "--png", png);
        Assert.Contains($"charts written to {png}", result.Output);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);

        Assert.Equal(4, report.Counter(Counters.ConnectOk));
        Assert.Empty(report.CountersUnder(Counters.ConnectFailedPrefix));
        Assert.Empty(report.CountersUnder(Counters.ErrorPrefix));
        Assert.Equal(2, report.Counter("expiry.accounts-adjusted"));
        Assert.Equal(4, report.Counter("expiry.notified"));
        Assert.Equal(4, report.Counter("expiry.cut-4001"));
        Assert.Equal(0, report.Counter("expiry.still-connected-at-end"));
        var lateness = report.Latencies[Latencies.NotificationLateness];
        Assert.Equal(4, lateness.Count);
        Assert.InRange(lateness.MaxMs, 0, 5_000);
        var cut = report.Latencies[Latencies.CutLateness];
        Assert.Equal(4, cut.Count);
        Assert.InRange(cut.MaxMs, 0, 5_000);
        Assert.InRange(report.Counter("expiry.session-limit-ms"), 3_000, 4_000); // the node's limit, from when it expired the account
        Assert.Equal(4, report.CountersUnder(Counters.DisconnectPrefix).GetValueOrDefault("4001"));
        Expect.Line(Lines(result.Output), "4001", "4", "subscription expired (session cut)");
        Assert.Contains("notification-lateness", result.Output);
        Assert.Contains("p99 notification-lateness", result.Output); // the progress line leads with the storm's latency
    }

    [Fact]
    public async Task Expiry_storm_with_baseline_tells_and_cuts_every_baseline_device_too()
    {
        var (result, report) = await RunAsync("expiry-storm", "--accounts", "2", "--devices-per-account", "2", "--ramp", "0", "--lead", "1",
            "--duration", "30", "--baseline");

        var baseline = Assert.IsType<RunReport>(report.Baseline);
        Assert.Equal(4, report.Counter("expiry.notified"));
        AssertBaselineStorm(baseline, report.Counter("expiry.session-limit-ms"));
        Assert.Matches(@"notification-lateness p99 ms +[\d.]+ +[\d.]+ +[\d.]+×", result.Output);
    }

    [Fact]
    public async Task Expiry_storm_baseline_in_its_own_process_is_triggered_over_http()
    {
        // The baseline-server command runs this same server; here it is started in the test and reached by URL only.
        await using var server = await ActorSubs.LoadTest.Baseline.BaselineServer.StartAsync(CancellationToken.None);
        var (_, report) = await RunAsync("expiry-storm", "--accounts", "1", "--devices-per-account", "3", "--ramp", "0", "--lead", "1",
            "--duration", "30", "--baseline-target", server.Url.ToString());

        var baseline = Assert.IsType<RunReport>(report.Baseline);
        Assert.Equal(server.Url.ToString().TrimEnd('/'), baseline.Target);
        Assert.Equal(3, baseline.Counter(Counters.ConnectOk));
        Assert.Equal(3, baseline.Counter("expiry.notified"));
        Assert.Equal(3, baseline.Counter("expiry.cut-4001"));

        using var http = new HttpClient { BaseAddress = server.Url };
        using var malformed = await http.PostAsync("baseline/expire?at=soon&limitMs=5", null);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    private static void AssertBaselineStorm(RunReport baseline, long nodeLimitMs)
    {
        Assert.Equal(4, baseline.Counter(Counters.ConnectOk));
        Assert.Empty(baseline.CountersUnder(Counters.ErrorPrefix));
        Assert.Equal(4, baseline.Counter("expiry.notified"));
        Assert.Equal(4, baseline.Counter("expiry.cut-4001"));
        Assert.Equal(0, baseline.Counter("expiry.still-connected-at-end"));
        Assert.Equal(4, baseline.Latencies[Latencies.NotificationLateness].Count);
        Assert.InRange(baseline.Latencies[Latencies.NotificationLateness].MaxMs, 0, 5_000);
        // The baseline cuts after the limit the node announced, so both runs hold their sockets as long.
        Assert.Equal(nodeLimitMs, baseline.Counter("expiry.session-limit-ms"));
    }

    [Fact]
    public async Task Relay_carries_every_frame_both_ways_and_times_it()
    {
        var (result, report) = await RunAsync("relay",
            "--pairs", "2", "--rate", "10", "--payload-bytes", "16", "--warmup", "0", "--ramp", "0", "--duration", "2");

        Assert.Equal(4, report.Counter(Counters.ConnectOk)); // two devices and two hosts
        Assert.Empty(report.CountersUnder(Counters.ConnectFailedPrefix));
        Assert.Empty(report.CountersUnder(Counters.ErrorPrefix));
        Assert.Equal(2, report.Counter("relay.channels-opened"));
        var sent = report.Counter("relay.sent.device-to-host");
        Assert.InRange(sent, 20, 60); // 2 devices × 10/s × 2 s
        Assert.Equal(sent, report.Counter("relay.received.device-to-host"));
        Assert.Equal(sent, report.Counter("relay.received.host-to-device")); // every frame echoed
        Assert.Equal(0, report.Counter("relay.lost.device-to-host") + report.Counter("relay.lost.host-to-device"));
        Assert.Equal(sent, report.Latencies["end-to-end.device-to-host"].Count);
        Assert.Equal(sent, report.Latencies["round-trip"].Count);
        Assert.True(report.Latencies["end-to-end.device-to-host"].P99Ms > 0);

        var lines = Lines(result.Output);
        Expect.Line(lines, "device-to-host", Format.Count(report.Counter("frames.sent.device-to-host")),
            Format.Count(report.Counter("frames.received.device-to-host")),
            Format.Rate(report.Counter("frames.sent.device-to-host") / report.DurationSeconds),
            Format.Rate(report.Counter("frames.received.device-to-host") / report.DurationSeconds));
        Assert.Contains("p99 end-to-end.device-to-host", result.Output);
    }

    [Fact]
    public async Task Renewal_churn_renews_every_purchased_account()
    {
        var (result, report) = await RunAsync("renewal-churn",
            "--accounts", "3", "--devices-per-account", "1", "--rate", "2", "--purchase-delay", "0.3", "--ramp", "0", "--duration", "3");

        Assert.Equal(3, report.Counter(Counters.ConnectOk)); // no session was cut, so none reconnected
        Assert.Equal(3, report.Counter(Counters.ConnectAttempts));
        Assert.Empty(report.CountersUnder(Counters.ConnectFailedPrefix));
        Assert.Empty(report.CountersUnder(Counters.ErrorPrefix));
        var purchases = report.Counter("churn.purchases");
        Assert.True(purchases >= 2, result.ToString());
        Assert.Equal(purchases, report.Latencies["request.purchase"].Count);
        Assert.Equal(purchases, report.Latencies["renewed-after-response"].Count); // one device per account: one renewal each
        Assert.Equal(0, report.Counter("churn.cut-anyway"));
        Assert.Equal(0, report.Counter("churn.renewed-missing"));
        Assert.Contains("renewed-after-response", result.Output);
    }

    [Fact]
    public async Task Reconnect_storm_brings_every_device_back()
    {
        var (result, report) = await RunAsync("reconnect-storm",
            "--devices", "4", "--devices-per-account", "2", "--ramp", "0", "--settle", "0.5", "--duration", "30");

        Assert.Equal(8, report.Counter(Counters.ConnectAttempts)); // each device twice: first connect, then the storm
        Assert.Equal(8, report.Counter(Counters.ConnectOk));
        Assert.Empty(report.CountersUnder(Counters.ConnectFailedPrefix));
        Assert.Empty(report.CountersUnder(Counters.ErrorPrefix));
        Assert.Equal(4, report.Counter("storm.devices"));
        Assert.Equal(4, report.Counter("storm.back"));
        Assert.Equal(4, report.Latencies["reconnect"].Count);
        Assert.Equal(4, report.CountersUnder(Counters.DisconnectPrefix).GetValueOrDefault("1000"));
        Expect.Line(Lines(result.Output), "1000", "4", "normal closure");
    }

    /// <summary>Runs a scenario against the test's node with a JSON report, and reads the report back.</summary>
    private async Task<(CliResult Result, RunReport Report)> RunAsync(string scenario, params string[] args)
    {
        var json = _folder.File($"{scenario}.json");
        var result = await LoadTester.RunAsync(TimeSpan.FromSeconds(60),
            [scenario, "--target", fixture.Node.Target, "--operator-key", TestNode.OperatorKey, "--json", json, .. args]);
        Assert.True(result.ExitCode == LoadTestApp.ExitOk, result.ToString());
        Assert.Contains($"report written to {json}", result.Output);
        return (result, RunOutput.Read(json));
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');
}
