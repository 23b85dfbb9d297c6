using System.Globalization;
using ActorSubs.LoadTest.Measurement;
using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Reporting;

/// <summary>The sections of a report's closed and open loops (the HTTP scenarios): window, counts, errors, throughput, latency.</summary>
public static class LoopSummary
{
    public static IEnumerable<SummarySection> Build(RunReport report)
    {
        foreach (var (name, loop) in report.Loops ?? new Dictionary<string, ClosedLoopResult>())
        {
            var stoppedBy = loop.StoppedBy == StopReason.MaxOperations ? "the request cap" : "duration";
            var rows = new List<(string, string)>
            {
                ("window", $"{F(loop.WindowSeconds, 1)} s after {F(loop.WarmupSeconds, 1)} s warmup (planned {F(loop.PlannedSeconds, 1)} s; stopped by {stoppedBy})"),
                ("ok", $"{loop.Ok} (warmup: {loop.WarmupOk} ok, {loop.WarmupErrorCount} errors)"),
                ("errors", loop.ErrorCount.ToString(CultureInfo.InvariantCulture)),
                ("throughput", loop.Throughput is { } t ? $"{F(t, 1)} ok/s ({loop.OkInWindow} ok finished inside the window)" : "n/a (empty window)"),
                ("latency", LatencyText(loop.Latency)),
            };
            if (loop.FinishedLate > 0)
                rows.Add(("late", $"{loop.FinishedLate} finished after the window, the last {F(loop.LatestFinishSeconds - loop.WarmupSeconds - loop.PlannedSeconds, 2)} s after it"));
            rows.Add(("ok per second", string.Join(' ', loop.OkPerSecond)));
            if (name == "inserts" && report.Loops!.GetValueOrDefault("purchases")?.Throughput is { } purchases && loop.Throughput is > 0)
                rows.Add(("ratio", $"purchases/s ÷ inserts/s = {F(purchases / loop.Throughput.Value, 3)}"));
            if (name == "notifications" && report.Loops!.GetValueOrDefault("purchases")?.Throughput is { } bought && bought > 0 && loop.Throughput is { } notified)
                rows.Add(("ratio", $"notifications/s ÷ purchases/s = {F(notified / bought, 3)}"));
            yield return SummarySection.Pairs($"{name}: closed loop, {loop.Concurrency} workers", rows);
            if (Errors($"{name} errors", loop.Errors) is { } errors) yield return errors;
        }

        if (report.OpenLoop is { } open)
        {
            yield return SummarySection.Pairs($"open loop, {F(open.Rate, 0)} arrivals/s",
            [
                ("started", $"{open.Scheduled} over {F(open.ElapsedSeconds, 1)} s ({open.Behind} started over 10 ms behind schedule)"),
                ("ok", open.Ok.ToString(CultureInfo.InvariantCulture)),
                ("errors", open.ErrorCount.ToString(CultureInfo.InvariantCulture)),
                ("throughput", $"{F(open.Throughput, 1)} ok/s"),
                ("latency", LatencyText(open.Latency) + " from scheduled start"),
            ]);
            if (Errors("open loop errors", open.Errors) is { } errors) yield return errors;
        }
    }

    private static SummarySection? Errors(string title, IReadOnlyList<ErrorCount> errors) => errors.Count == 0
        ? null
        : new SummarySection(title, ["error", "count", "first detail"],
            errors.Take(20).Select(e => (IReadOnlyList<string>)[new ErrorKey(e.Status, e.Code).ToString(), Format.Count(e.Count), e.FirstDetail ?? ""]).ToList(),
            errors.Count > 20 ? $"and {errors.Count - 20} more kinds" : null);

    private static string LatencyText(LatencyReport l) => l.Count == 0
        ? "n/a (nothing measured)"
        : $"p50 {F(l.P50Ms, 2)} ms, p90 {F(l.P90Ms, 2)} ms, p95 {F(l.P95Ms, 2)} ms, p99 {F(l.P99Ms, 2)} ms, max {F(l.MaxMs, 2)} ms (n={l.Count})";

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
