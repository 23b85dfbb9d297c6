using System.Text.Json;
using System.Text.Json.Serialization;
using ActorSubs.LoadTest.Reporting.Fleet;

namespace ActorSubs.LoadTest.Recording;

/// <summary>
/// What every fleet scenario does with its finished run: a summary on the terminal (Spectre.Console tables,
/// or plain text when the output is not a terminal) and, when asked, the JSON report (<c>--json PATH</c>)
/// and the charts (<c>--png PATH</c>). <c>report --json PATH</c> redraws both from a saved report.
/// </summary>
public static class RunOutput
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Task FinishAsync(RunReport report, string? jsonPath, TextWriter output, CancellationToken cancellation) =>
        FinishAsync(report, jsonPath, pngPath: null, output, cancellation);

    public static async Task FinishAsync(RunReport report, string? jsonPath, string? pngPath, TextWriter output, CancellationToken cancellation)
    {
        WriteSummary(report, output);
        if (jsonPath is not null)
        {
            await WriteJsonAsync(report, jsonPath, cancellation);
            output.WriteLine($"report written to {jsonPath}");
        }
        if (pngPath is not null)
        {
            ReportChart.SavePng(report, pngPath);
            output.WriteLine($"charts written to {pngPath}");
        }
    }

    public static async Task WriteJsonAsync(RunReport report, string jsonPath, CancellationToken cancellation)
    {
        CreateFolderOf(jsonPath);
        await using var file = File.Create(jsonPath);
        await JsonSerializer.SerializeAsync(file, report, Json, cancellation);
    }

    /// <summary>Reads a report written by <see cref="FinishAsync(RunReport, string?, string?, TextWriter, CancellationToken)"/>.</summary>
    /// <exception cref="InvalidDataException">the file is JSON but not a fleet run's report (an <c>api</c> report, say)</exception>
    public static RunReport Read(string jsonPath)
    {
        var report = JsonSerializer.Deserialize<RunReport>(File.ReadAllBytes(jsonPath), Json)
                     ?? throw new InvalidDataException($"{jsonPath} holds no report");
        if (report.Scenario is null || report.Counters is null || report.Latencies is null || report.Timeline is null)
            throw new InvalidDataException($"{jsonPath} is not a fleet run's report (no scenario, counters, latencies or timeline)");
        return report with { Settings = report.Settings ?? new Dictionary<string, string>() };
    }

    /// <summary>The summary: Spectre.Console tables on a terminal, aligned text on anything else.</summary>
    public static void WriteSummary(RunReport report, TextWriter output)
    {
        var heading = FleetSummary.Heading(report);
        var sections = FleetSummary.Build(report);
        if (Terminal.IsInteractive(output)) SpectreSummaryWriter.Write(heading, sections, Terminal.ConsoleFor(output));
        else PlainSummaryWriter.Write(heading, sections, output);
    }

    internal static void CreateFolderOf(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}
