using System.Text.Json;
using System.Text.RegularExpressions;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary>The <c>store-notifications</c> scenario, briefly, against a real node trusting the authority it wrote.</summary>
[Collection(StoreLoadNodeCollection.Name)]
public sealed class StoreNotificationsRunSpecs(StoreLoadNode fixture) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_short_run_buys_and_notifies_without_errors_and_reports_both_phases_and_their_ratio()
    {
        var json = _folder.File("stores.json");
        var result = await LoadTester.RunAsync(
            "store-notifications", "--target", fixture.Node.Target, "--operator-key", TestNode.OperatorKey, "--root", fixture.RootFile,
            "--bundle-id", StoreLoadNode.BundleId, "--product", StoreLoadNode.Product,
            "--accounts", "4", "--concurrency", "2", "--warmup", "0", "--duration", "2", "--max-requests", "40", "--rate", "5", "--json", json);

        Assert.True(result.ExitCode == LoadTestApp.ExitOk, result.ToString());
        Assert.Contains($"App Store authority reused: root {fixture.RootFile}", result.Output);
        Assert.Contains("purchases: closed loop, 2 workers", result.Output);
        Assert.Contains("notifications: closed loop, 2 workers", result.Output);
        Assert.Contains("open loop, 5 arrivals/s", result.Output);
        Assert.True(Regex.IsMatch(result.Output, @"(?m)^ *ratio +notifications/s ÷ purchases/s = \d+\.\d{3} *\r?$"), result.ToString());

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal("store-notifications", root.GetProperty("scenario").GetString());
        foreach (var phase in new[] { "purchases", "notifications" })
        {
            var loop = root.GetProperty("loops").GetProperty(phase);
            // The request cap ends each phase: 40 each, 10 per account (ten monthly purchases stay inside the renewal window).
            Assert.True(loop.GetProperty("ok").GetInt64() == 40, $"{phase}: {result}");
            Assert.True(loop.GetProperty("errorCount").GetInt64() == 0, $"{phase}: {result}");
            Assert.True(loop.GetProperty("latency").GetProperty("p95Ms").GetDouble() > 0, $"{phase}: {result}");
        }
        Assert.True(root.GetProperty("openLoop").GetProperty("ok").GetInt64() == 10, result.ToString());
    }

    [Fact]
    public async Task Notifications_the_node_does_not_trust_fail_the_run_loudly_after_the_report()
    {
        // A new authority in another file: the node trusts only the fixture's root, so every notification is 401.
        var result = await LoadTester.RunAsync(
            "store-notifications", "--target", fixture.Node.Target, "--operator-key", TestNode.OperatorKey, "--root", _folder.File("stranger.pem"),
            "--bundle-id", StoreLoadNode.BundleId, "--product", StoreLoadNode.Product,
            "--accounts", "2", "--concurrency", "1", "--warmup", "0", "--duration", "1", "--max-requests", "3");

        Assert.True(result.ExitCode == LoadTestApp.ExitRunFailed, result.ToString());
        Assert.Contains("App Store authority made", result.Output);
        Assert.Contains("notifications errors", result.Output);
        Assert.Contains("run failed: not every answer was 200 (applied): notifications: 401 store-unauthenticated ×3", result.Error);
        Assert.Contains("does the node trust --root", result.Error);
    }

    [Fact]
    public async Task A_product_the_node_does_not_map_is_parked_and_fails_the_run()
    {
        var result = await LoadTester.RunAsync(
            "store-notifications", "--target", fixture.Node.Target, "--operator-key", TestNode.OperatorKey, "--root", fixture.RootFile,
            "--bundle-id", StoreLoadNode.BundleId, "--product", "com.example.loadtest.weekly",
            "--accounts", "2", "--concurrency", "1", "--warmup", "0", "--duration", "1", "--max-requests", "2");

        Assert.True(result.ExitCode == LoadTestApp.ExitRunFailed, result.ToString());
        Assert.Contains("notifications: 200 parked unknown-product ×2", result.Error);
    }
}
