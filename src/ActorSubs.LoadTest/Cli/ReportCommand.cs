using System.ComponentModel;
using System.Text.Json;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Reporting;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Cli;

/// <summary><c>report</c>: no load; reads a run's saved JSON report and writes its summary again and, with <c>--png</c>, its charts.</summary>
public sealed class ReportCommand(TextWriter output) : Command<ReportCommand.Settings>
{
    public const string Summary = "print the summary of a saved run (--json from an earlier run) again, and draw its PNG";

    public const string Details =
        "Sends no load: reads the JSON report a scenario wrote with --json, prints its summary and, with --png, draws its " +
        "charts (latency percentiles, devices connected and frames per second over time; the baseline dashed when the report has one).";

    public sealed class Settings : LoadSettings
    {
        [CommandOption("--json <PATH>", true)]
        [Description("the saved report to read")]
        public string Json { get; init; } = "";

        [CommandOption("--png <PATH>")]
        [Description("also draw the charts into PATH")]
        public string? Png { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        RunReport report;
        try
        {
            report = RunOutput.Read(settings.Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException or NotSupportedException)
        {
            throw new RunFailedException($"cannot read the report {settings.Json}", e);
        }

        Printer.WriteSummary(report, output);
        if (settings.Png is { } png)
        {
            ReportChart.SavePng(report, png);
            output.WriteLine($"charts written to {png}");
        }
        return LoadTestApp.ExitOk;
    }
}
