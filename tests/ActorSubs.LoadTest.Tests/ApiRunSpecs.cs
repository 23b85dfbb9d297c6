using System.Text.Json;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary>The <c>api</c> scenario, briefly, against a real node started by the test.</summary>
[Collection(LoadNodeCollection.Name)]
public sealed class ApiRunSpecs(LoadNode fixture) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_short_run_buys_without_errors_and_reports_it()
    {
        var json = _folder.File("api.json");
        var result = await LoadTester.RunAsync(
            "api", "--target", fixture.Node.Target, "--operator-key", TestNode.OperatorKey,
            "--accounts", "4", "--concurrency", "2", "--warmup", "0", "--duration", "1", "--max-requests", "40", "--json", json);

        Assert.True(result.ExitCode == LoadTestApp.ExitOk, result.ToString());
        Assert.Contains("signed up 4 accounts", result.Output);
        Assert.Contains("== api against ", result.Output);
        Assert.Contains("purchases: closed loop, 2 workers", result.Output);
        Assert.Contains($"report written to {json}", result.Output);

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal("api", root.GetProperty("scenario").GetString());
        Assert.Equal("4", root.GetProperty("settings").GetProperty("accounts").GetString());
        Assert.True(root.GetProperty("counters").GetProperty("sign-up-ms").GetInt64() > 0);
        // What build/bench/cluster-purchases.sh reads.
        var purchases = root.GetProperty("loops").GetProperty("purchases");
        Assert.True(purchases.GetProperty("okInWindow").GetInt64() > 0, result.ToString());
        Assert.True(purchases.GetProperty("windowSeconds").GetDouble() > 0, result.ToString());
        var ok = purchases.GetProperty("ok").GetInt64();
        Assert.True(ok == 40, result.ToString()); // 10 a month per account stays inside the ten-year renewal window
        Assert.True(purchases.GetProperty("errorCount").GetInt64() == 0, result.ToString());
        Assert.Equal(ok, purchases.GetProperty("latency").GetProperty("count").GetInt64());
        Assert.True(purchases.GetProperty("latency").GetProperty("p99Ms").GetDouble() > 0);

        // The same report printed again from its file.
        var again = await LoadTester.RunAsync("report", "--json", json);
        Assert.True(again.ExitCode == LoadTestApp.ExitOk, again.ToString());
        Assert.Contains("purchases: closed loop, 2 workers", again.Output);
        Expect.Line(again.Output.Split('\n'), "ok", $"{ok} (warmup: 0 ok, 0 errors)");
    }

    [Fact]
    public async Task Several_targets_share_the_requests_round_robin_and_are_named_in_the_report()
    {
        // Two names of the one test node stand for two nodes of a cluster: every request must land on a node that answers.
        var other = fixture.Node.Target.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        Assert.NotEqual(fixture.Node.Target, other);
        var json = _folder.File("api-targets.json");
        var result = await LoadTester.RunAsync(
            "api", "--target", $"{fixture.Node.Target},{other}", "--operator-key", TestNode.OperatorKey,
            "--accounts", "2", "--concurrency", "2", "--warmup", "0", "--duration", "1", "--max-requests", "10", "--json", json);

        Assert.True(result.ExitCode == LoadTestApp.ExitOk, result.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var target = report.RootElement.GetProperty("target").GetString()!;
        Assert.Contains("127.0.0.1", target);
        Assert.Contains("localhost", target);
        Assert.Equal(10, report.RootElement.GetProperty("loops").GetProperty("purchases").GetProperty("ok").GetInt64());
    }

    [Fact]
    public async Task Request_errors_are_counted_in_the_report_not_a_failed_run()
    {
        var result = await LoadTester.RunAsync(
            "api", "--target", fixture.Node.Target, "--operator-key", "not-the-key",
            "--accounts", "2", "--concurrency", "1", "--warmup", "0", "--duration", "1", "--max-requests", "5");

        Assert.True(result.ExitCode == LoadTestApp.ExitOk, result.ToString());
        var lines = result.Output.ReplaceLineEndings("\n").Split('\n');
        Expect.Line(lines, "errors", "5");
        Assert.Contains("purchases errors", lines);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ *403 invalid-api-key +5\b"));
    }
}
