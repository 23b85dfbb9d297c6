using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorSubs.LoadTest.Measurement;

namespace ActorSubs.LoadTest.Reporting;

/// <summary>Prints reports for people (fixed labels, milliseconds) and writes them as JSON for tools.</summary>
public static class ReportPrinter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static void PrintApi(ApiReport r, TextWriter o)
    {
        var p = r.Purchases;
        o.WriteLine();
        o.WriteLine($"== api: purchases (run {r.RunId}) ==");
        Line(o, "target", r.Target);
        Line(o, "accounts", $"{r.Accounts} (signed up in {F(r.SignUpSeconds, 1)} s)");
        Line(o, "concurrency", r.Concurrency.ToString(CultureInfo.InvariantCulture));
        Line(o, "window", $"{F(p.WindowSeconds, 1)} s after {F(r.WarmupSeconds, 1)} s warmup " +
                          $"(planned {F(r.DurationSeconds, 1)} s; stopped by {StopText(p.StoppedBy, r.MaxRequests)})");
        Line(o, "requests ok", $"{p.Ok}   (warmup: {p.WarmupOk} ok, {p.WarmupErrorCount} errors)");
        Line(o, "errors", p.ErrorCount.ToString(CultureInfo.InvariantCulture));
        PrintErrors(o, p.Errors);
        if (p.WarmupErrorCount > 0)
        {
            Line(o, "warmup errors", p.WarmupErrorCount.ToString(CultureInfo.InvariantCulture));
            PrintErrors(o, p.WarmupErrors);
        }
        Line(o, "throughput", p.Throughput is { } t ? $"{F(t, 1)} ok/s ({p.OkInWindow} ok finished inside the window)" : "n/a (empty window)");
        Line(o, "latency", LatencyText(p.Latency));
        PrintLate(o, p, r.WarmupSeconds + r.DurationSeconds);
        Line(o, "ok per second", string.Join(' ', p.OkPerSecond));
        if (p.Errors.Any(e => e.Code == "renewal-not-open"))
            o.WriteLine("  note: renewal-not-open means an account's expiry passed the node's renewal window (each purchase " +
                        "adds a month): use more --accounts, a shorter run or a wider ActorSubs__Subscriptions__RenewalWindow.");

        if (r.Ceiling is { } c)
        {
            var i = c.Inserts;
            o.WriteLine();
            o.WriteLine($"== raw insert ceiling: {c.Where} ==");
            Line(o, "writers", $"{r.Concurrency}, one connection each, single-row INSERT ({c.PayloadBytes} B payload) per autocommit transaction");
            Line(o, "window", $"{F(i.WindowSeconds, 1)} s after {F(r.WarmupSeconds, 1)} s warmup");
            Line(o, "inserts ok", $"{i.Ok}   (warmup: {i.WarmupOk})");
            Line(o, "errors", i.ErrorCount.ToString(CultureInfo.InvariantCulture));
            PrintErrors(o, i.Errors);
            Line(o, "inserts/s", i.Throughput is { } it ? $"{F(it, 1)} ({i.OkInWindow} ok finished inside the window)" : "n/a");
            Line(o, "latency", LatencyText(i.Latency));
            PrintLate(o, i, r.WarmupSeconds + r.DurationSeconds);
            Line(o, "ok per second", string.Join(' ', i.OkPerSecond));
            Line(o, "ratio", r.CeilingRatio is { } ratio
                ? $"purchases/s ÷ inserts/s = {F(ratio, 3)}"
                : "n/a");
        }
        o.WriteLine();
    }

    public static void PrintSignUps(SignUpsReport r, TextWriter o)
    {
        var p = r.SignUps;
        o.WriteLine();
        o.WriteLine($"== signups: closed loop, {r.Concurrency} clients (run {r.RunId}) ==");
        Line(o, "target", r.Target);
        Line(o, "window", $"{F(p.WindowSeconds, 1)} s after {F(r.WarmupSeconds, 1)} s warmup " +
                          $"(planned {F(r.DurationSeconds, 1)} s; stopped by {StopText(p.StoppedBy, r.MaxRequests)})");
        Line(o, "sign-ups ok", $"{p.Ok}   (warmup: {p.WarmupOk} ok, {p.WarmupErrorCount} errors)");
        Line(o, "errors", p.ErrorCount.ToString(CultureInfo.InvariantCulture));
        PrintErrors(o, p.Errors);
        Line(o, "throughput", p.Throughput is { } t ? $"{F(t, 1)} sign-ups/s ({p.OkInWindow} ok finished inside the window)" : "n/a (empty window)");
        Line(o, "latency", LatencyText(p.Latency));
        PrintLate(o, p, r.WarmupSeconds + r.DurationSeconds);
        Line(o, "ok per second", string.Join(' ', p.OkPerSecond));

        if (r.OpenLoop is { } open)
        {
            o.WriteLine();
            o.WriteLine($"== signups: open loop, {F(open.Rate, 0)} arrivals/s ==");
            Line(o, "started", $"{open.Scheduled} over {F(open.ElapsedSeconds, 1)} s ({open.Behind} started over 10 ms behind schedule)");
            Line(o, "sign-ups ok", open.Ok.ToString(CultureInfo.InvariantCulture));
            Line(o, "errors", open.ErrorCount.ToString(CultureInfo.InvariantCulture));
            PrintErrors(o, open.Errors);
            Line(o, "throughput", $"{F(open.Throughput, 1)} sign-ups/s");
            Line(o, "latency", LatencyText(open.Latency) + "   from scheduled start");
        }
        o.WriteLine();
    }

    public static async Task WriteJsonAsync<T>(T report, string path, CancellationToken cancellation)
    {
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, Json, cancellation);
    }

    private static void PrintErrors(TextWriter o, IReadOnlyList<ErrorCount> errors)
    {
        foreach (var e in errors.Take(20))
        {
            var key = e.Status == 0 ? e.Code : $"{e.Status} {e.Code}";
            var detail = e.FirstDetail is null ? "" : $"   e.g. \"{e.FirstDetail}\"";
            o.WriteLine($"    {e.Count,10}  {key}{detail}");
        }
        if (errors.Count > 20) o.WriteLine($"    … and {errors.Count - 20} more kinds");
    }

    private static void PrintLate(TextWriter o, ClosedLoopResult result, double plannedEndSeconds)
    {
        if (result.FinishedLate > 0)
            Line(o, "late", $"{result.FinishedLate} operations finished after the window, the last " +
                            $"{F(result.LatestFinishSeconds - plannedEndSeconds, 2)} s after it");
    }

    private static string LatencyText(LatencySummary l) => l.Count == 0
        ? "n/a (nothing measured)"
        : $"p50 {F(l.P50Ms, 2)} ms   p90 {F(l.P90Ms, 2)} ms   p99 {F(l.P99Ms, 2)} ms   max {F(l.MaxMs, 2)} ms   (n={l.Count})";

    private static string StopText(StopReason reason, long maxRequests) => reason switch
    {
        StopReason.MaxOperations => $"--max-requests {maxRequests}",
        _ => "duration",
    };

    private static void Line(TextWriter o, string label, string value) => o.WriteLine($"  {label,-14} {value}");

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
