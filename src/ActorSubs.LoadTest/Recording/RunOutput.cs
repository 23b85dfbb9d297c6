using System.Text.Json;
using System.Text.Json.Serialization;
using ActorSubs.LoadTest.Reporting;

namespace ActorSubs.LoadTest.Recording;

/// <summary>
/// What every scenario does with its finished run: the summary (<see cref="Printer"/>) and, when asked, the JSON
/// report (<c>--json PATH</c>) and the charts (<c>--png PATH</c>). <c>report --json PATH</c> redraws both from a saved report.
/// </summary>
public static class RunOutput
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static async Task FinishAsync(RunReport report, string? jsonPath, string? pngPath, TextWriter output, CancellationToken cancellation)
    {
        Printer.WriteSummary(report, output);
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
    /// <exception cref="InvalidDataException">the file is JSON but not a run report</exception>
    public static RunReport Read(string jsonPath)
    {
        var report = JsonSerializer.Deserialize<RunReport>(File.ReadAllBytes(jsonPath), Json)
                     ?? throw new InvalidDataException($"{jsonPath} holds no report");
        if (report.Scenario is null || report.Counters is null || report.Latencies is null || report.Timeline is null)
            throw new InvalidDataException($"{jsonPath} is not a run report (no scenario, counters, latencies or timeline)");
        return report with { Settings = report.Settings ?? new Dictionary<string, string>() };
    }

    internal static void CreateFolderOf(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}
