using System.Text.Json;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Reporting.Fleet;
using ActorSubs.LoadTest.Scenarios;

namespace ActorSubs.LoadTest.Cli;

/// <summary>
/// <c>report</c>: no load; reads a fleet run's saved JSON report and writes its summary again and,
/// with <c>--png</c>, its charts.
/// </summary>
public sealed class ReportCommand : IScenario
{
    public string Name => "report";

    public string Summary => "redraw the summary and the PNG of a saved fleet run (--json from an earlier run)";

    public string Description =>
        "Sends no load: reads the JSON report a fleet scenario wrote with --json, prints its summary and, with " +
        "--png, draws its charts (latency percentiles, devices connected and frames per second over time; the " +
        "baseline dashed when the report has one).";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("json", "PATH", "the saved report to read (required)"),
        new("png", "PATH", "also draw the charts into PATH"),
    ];

    public Task<int> RunAsync(ParsedOptions options, TextWriter output, CancellationToken cancellation)
    {
        var jsonPath = options.GetString("json") ?? throw new UsageException("--json PATH is required: the report to read.", Name);
        var pngPath = options.GetString("png");
        RunReport report;
        try
        {
            report = RunOutput.Read(jsonPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException or NotSupportedException)
        {
            throw new RunFailedException($"cannot read the report {jsonPath}", e);
        }

        RunOutput.WriteSummary(report, output);
        if (pngPath is not null)
        {
            ReportChart.SavePng(report, pngPath);
            output.WriteLine($"charts written to {pngPath}");
        }
        return Task.FromResult(LoadTestCli.ExitOk);
    }
}
