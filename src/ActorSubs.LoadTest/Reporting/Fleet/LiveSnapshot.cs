using System.Globalization;
using ActorSubs.LoadTest.Recording;
using Spectre.Console;

namespace ActorSubs.LoadTest.Reporting.Fleet;

/// <summary>
/// What the live display shows at one tick: clients connected, connects/s, frames/s each way, failures
/// and errors, and the p99 of the scenario's main latency so far. Rates are over the span since the
/// previous tick.
/// </summary>
public sealed record LiveSnapshot(
    string Scenario, double Seconds, long Connected, long ConnectOk, long ConnectFailed,
    double? ConnectsPerSecond, double? FramesSentPerSecond, double? FramesReceivedPerSecond,
    long Errors, string? MainLatency, double? MainP99Ms, IReadOnlyDictionary<string, double> P99Ms,
    long FramesSent, long FramesReceived)
{
    /// <summary>Takes the snapshot from a report of the recorder just after its latest timeline sample.</summary>
    public static LiveSnapshot Of(RunReport now, LiveSnapshot? previous, string? mainLatency)
    {
        var point = now.Timeline.Count > 0 ? now.Timeline[^1] : new TimelinePoint(now.DurationSeconds, 0, 0, 0, 0, 0);
        var span = point.Seconds - (previous?.Seconds ?? 0);
        double? Rate(long total, long? before) => span > 0.05 ? Math.Round((total - (before ?? 0)) / span, 1) : null;
        var tooSoon = span <= 0.05 && previous is not null; // the last sample right after a tick: keep that tick's rates
        var p99 = now.Latencies.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value.P99Ms, StringComparer.Ordinal);
        var main = MainLatencyOf(p99.Keys, mainLatency);
        return new LiveSnapshot(
            now.Scenario, point.Seconds, point.Connected, point.ConnectsOk,
            now.CountersUnder(Counters.ConnectFailedPrefix).Values.Sum(),
            tooSoon ? previous!.ConnectsPerSecond : Rate(point.ConnectsOk, previous?.ConnectOk),
            tooSoon ? previous!.FramesSentPerSecond : Rate(point.FramesSent, previous?.FramesSent),
            tooSoon ? previous!.FramesReceivedPerSecond : Rate(point.FramesReceived, previous?.FramesReceived),
            point.Errors, main, main is null ? null : p99[main], p99, point.FramesSent, point.FramesReceived);
    }

    /// <summary>
    /// The latency the scenario is about: the one it names if recorded yet, else the first recorded in
    /// <see cref="LatencyNames.MainOrder"/> (end-to-end for relay, notification lateness for expiry-storm, …).
    /// </summary>
    public static string? MainLatencyOf(IEnumerable<string> recorded, string? preferred)
    {
        var names = recorded.ToList();
        if (preferred is not null && names.Contains(preferred, StringComparer.Ordinal)) return preferred;
        return names.OrderBy(n => LatencyNames.Rank(n, LatencyNames.MainOrder)).ThenBy(n => n, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>One plain line, for output that is not a terminal.</summary>
    public string PlainLine()
    {
        var c = CultureInfo.InvariantCulture;
        var latency = MainLatency is null ? "" : string.Create(c, $"  p99 {MainLatency} {Format.Ms(MainP99Ms ?? 0)} ms");
        return string.Create(c,
            $"  [{Seconds,6:0} s] connected {Format.Count(Connected)}  connects/s {Format.Rate(ConnectsPerSecond)}  " +
            $"frames/s sent {Format.Rate(FramesSentPerSecond)} received {Format.Rate(FramesReceivedPerSecond)}  " +
            $"failed connects {Format.Count(ConnectFailed)}  errors {Format.Count(Errors)}{latency}");
    }

    /// <summary>The live table for a terminal.</summary>
    public Table ToTable()
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(Scenario)}[/] · {Format.Seconds(Seconds)}")
            .AddColumn("").AddColumn(new TableColumn("now").RightAligned()).AddColumn(new TableColumn("total").RightAligned())
            .HideHeaders();
        table.AddRow("connected", $"[bold]{Format.Count(Connected)}[/]", "");
        table.AddRow("connects/s", Format.Rate(ConnectsPerSecond), $"{Format.Count(ConnectOk)} ok");
        table.AddRow("frames/s sent", Format.Rate(FramesSentPerSecond), Format.Count(FramesSent));
        table.AddRow("frames/s received", Format.Rate(FramesReceivedPerSecond), Format.Count(FramesReceived));
        table.AddRow("failed connects", Colour(ConnectFailed), "");
        table.AddRow("errors", Colour(Errors), "");
        foreach (var (name, p99) in P99Ms.OrderBy(kv => kv.Key != MainLatency).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var label = Markup.Escape($"p99 {name}");
            table.AddRow(name == MainLatency ? $"[bold]{label}[/]" : label, $"{Format.Ms(p99)} ms", "");
        }
        return table;
    }

    private static string Colour(long count) => count == 0 ? "0" : $"[red]{Format.Count(count)}[/]";
}
