using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorSubs.LoadTest.Recording;

/// <summary>
/// What every fleet scenario does with its finished run: a summary on the terminal and, when asked, the
/// JSON report (<c>--json PATH</c>).
/// </summary>
public static class RunOutput
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task FinishAsync(RunReport report, string? jsonPath, TextWriter output, CancellationToken cancellation)
    {
        WriteSummary(report, output);
        if (jsonPath is null) return;
        await using var file = File.Create(jsonPath);
        await JsonSerializer.SerializeAsync(file, report, Json, cancellation);
        output.WriteLine($"report written to {jsonPath}");
    }

    public static RunReport Read(string jsonPath) =>
        JsonSerializer.Deserialize<RunReport>(File.ReadAllBytes(jsonPath), Json)
        ?? throw new InvalidDataException($"{jsonPath} holds no report");

    public static void WriteSummary(RunReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"== {report.Scenario} against {report.Target} ({report.DurationSeconds.ToString("0.0", c)} s) ==");
        foreach (var (name, value) in report.Counters) output.WriteLine($"  {name,-40} {value.ToString("N0", c),14}");
        foreach (var (name, latency) in report.Latencies)
            output.WriteLine(string.Create(c,
                $"  {name,-24} n={latency.Count,-8} p50 {latency.P50Ms:0.###} ms  p95 {latency.P95Ms:0.###} ms  p99 {latency.P99Ms:0.###} ms  max {latency.MaxMs:0.###} ms"));
    }
}
