using System.Text.Json;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary>The <c>signups</c> scenario, briefly, against a real node started by the test.</summary>
[Collection(LoadNodeCollection.Name)]
public sealed class SignUpsRunSpecs(LoadNode fixture) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_short_run_signs_up_in_both_loops_and_reports_it()
    {
        var json = _folder.File("signups.json");
        var result = await LoadTester.RunAsync(
            "signups", "--target", fixture.Node.Target, "--operator-key", TestNode.OperatorKey,
            "--concurrency", "2", "--warmup", "0", "--duration", "2", "--max-requests", "20", "--rate", "5", "--json", json);

        Assert.True(result.ExitCode == LoadTestApp.ExitOk, result.ToString());
        Assert.Contains("== signups against ", result.Output);
        Assert.Contains("sign-ups: closed loop, 2 workers", result.Output);
        Assert.Contains("open loop, 5 arrivals/s", result.Output);

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal("signups", root.GetProperty("scenario").GetString());
        var closed = root.GetProperty("loops").GetProperty("sign-ups");
        // A node that has just started can take a second over its first sign-ups: only "some, and no errors".
        var ok = closed.GetProperty("ok").GetInt64();
        Assert.True(ok is > 0 and <= 20, result.ToString());
        Assert.True(closed.GetProperty("errorCount").GetInt64() == 0, result.ToString());
        Assert.Equal(ok, closed.GetProperty("latency").GetProperty("count").GetInt64());
        Assert.True(closed.GetProperty("latency").GetProperty("p99Ms").GetDouble() > 0);
        var open = root.GetProperty("openLoop");
        Assert.Equal(10, open.GetProperty("scheduled").GetInt64());
        Assert.True(open.GetProperty("ok").GetInt64() == 10, result.ToString());
        Assert.Equal(10, open.GetProperty("latency").GetProperty("count").GetInt64());
    }
}
