using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary><c>report --json PATH [--png PATH]</c>: a saved run redrawn without any load.</summary>
public sealed class ReportCommandSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Redraws_the_summary_and_the_png_of_a_saved_run()
    {
        var json = _folder.File("run.json");
        var png = _folder.File("out/run.png");
        await RunOutput.WriteJsonAsync(SampleRun.Report(SampleRun.Baseline()), json, CancellationToken.None);

        var result = await LoadTester.RunAsync("report", "--json", json, "--png", png);

        Assert.True(result.ExitCode == LoadTestApp.ExitOk, result.ToString());
        Assert.Contains("== connect-hold against http://127.0.0.1:5080/", result.Output);
        Assert.Contains("38.8 over 2.5 s from first attempt to last connect", result.Output);
        Assert.Contains("gateway vs baseline", result.Output);
        Assert.Contains($"charts written to {png}", result.Output);
        Expect.Png(png, 1200, 3 * 420);
    }

    [Fact]
    public async Task Without_png_only_the_summary_is_written()
    {
        var json = _folder.File("run.json");
        await RunOutput.WriteJsonAsync(SampleRun.Report(), json, CancellationToken.None);

        var result = await LoadTester.RunAsync("report", $"--json={json}");

        Assert.Equal(LoadTestApp.ExitOk, result.ExitCode);
        Assert.Contains("connections", result.Output);
        Assert.DoesNotContain("charts written", result.Output);
        Assert.Equal([json], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task A_missing_report_is_a_failed_run()
    {
        var missing = _folder.File("missing.json");
        var result = await LoadTester.RunAsync("report", "--json", missing);
        Assert.Equal(LoadTestApp.ExitRunFailed, result.ExitCode);
        Assert.Contains($"run failed: cannot read the report {missing}", result.Error);
        Assert.Contains("caused by FileNotFoundException", result.Error);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"scenario":"api","purchases":{}}""")]
    [InlineData("null")]
    public async Task A_file_that_is_not_a_fleet_report_is_a_failed_run(string content)
    {
        var json = _folder.File("other.json");
        await File.WriteAllTextAsync(json, content);
        var result = await LoadTester.RunAsync("report", "--json", json);
        Assert.Equal(LoadTestApp.ExitRunFailed, result.ExitCode);
        Assert.Contains($"run failed: cannot read the report {json}", result.Error);
    }
}
