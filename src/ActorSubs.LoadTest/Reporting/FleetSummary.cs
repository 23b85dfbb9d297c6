using System.Globalization;
using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Reporting;

/// <summary>
/// The summary of a run as emqtt-bench, k6 and NBomber users read one: connects (ok, failed by reason,
/// per second, latency), frames per second each way, latency percentiles, disconnects by close code,
/// errors, and the gateway-versus-baseline ratios when the report carries a baseline.
/// </summary>
public static class FleetSummary
{
    /// <summary>Counters under this prefix and ending in <see cref="BytesSuffix"/> are memory figures, shown in KiB/MiB.</summary>
    public const string MemoryPrefix = "memory.";
    public const string BytesSuffix = "-bytes";

    private static readonly string[] KnownPrefixes =
        [Counters.ConnectFailedPrefix, Counters.DisconnectPrefix, Counters.FramesSentPrefix, Counters.FramesReceivedPrefix, Counters.ErrorPrefix];

    public static string Heading(RunReport report) =>
        $"{report.Scenario} against {report.Target}: {Format.Seconds(report.DurationSeconds)} from " +
        report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static IReadOnlyList<SummarySection> Build(RunReport report)
    {
        var f = FleetFigures.Of(report);
        var sections = new List<SummarySection>();
        if (report.Settings.Count > 0)
            sections.Add(SummarySection.Pairs("settings", report.Settings.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => (s.Key, s.Value.Length == 0 ? "(not set)" : s.Value))));
        sections.AddRange(LoopSummary.Build(report));
        var fleet = report.Loops is null || f.ConnectAttempts > 0; // an HTTP scenario's report has no connections
        if (fleet) sections.Add(Connections(f));
        if (f.Directions.Count > 0) sections.Add(Frames(f));
        if (report.Latencies.Count > 0) sections.Add(LatencyTable(report));
        if (fleet) sections.Add(Tally("disconnects by close code", "close code", f.DisconnectsByCode, CloseCodeMeaning));
        if (fleet || f.Errors > 0) sections.Add(Tally("errors", "kind", f.ErrorsByKind, _ => ""));
        if (Memory(report) is { Count: > 0 } memory)
            sections.Add(SummarySection.Pairs("memory", memory.Select(kv => (kv.Key, Format.Bytes(kv.Value)))));
        if (Others(report) is { Count: > 0 } others)
            sections.Add(SummarySection.Pairs("scenario counters", others.Select(kv => (kv.Key, Format.Count(kv.Value)))));
        if (report.Baseline is { } baseline) sections.Add(BaselineSummary.Build(report, baseline));
        return sections;
    }

    /// <summary>The report's latencies in <see cref="LatencyNames.SummaryOrder"/>.</summary>
    public static IEnumerable<string> OrderedLatencyNames(RunReport report) =>
        report.Latencies.Keys.OrderBy(n => LatencyNames.Rank(n, LatencyNames.SummaryOrder)).ThenBy(n => n, StringComparer.Ordinal);

    private static SummarySection Connections(FleetFigures f)
    {
        var rows = new List<(string, string)>
        {
            ("attempts", Format.Count(f.ConnectAttempts)),
            ("ok", Format.Count(f.ConnectOk)),
            ("failed", Format.Count(f.ConnectFailed)),
        };
        rows.AddRange(f.ConnectFailedByReason.OrderByDescending(r => r.Value).Select(r => ($"  failed: {r.Key}", Format.Count(r.Value))));
        rows.Add(("connects/s", f.ConnectsPerSecond is null
            ? "n/a"
            : $"{Format.Rate(f.ConnectsPerSecond)} over {Format.Span(f.ConnectSeconds)} from first attempt to last connect; " +
              $"peak {Format.Rate(f.PeakConnectsPerSecond)}/s between 1 s samples"));
        rows.Add(("connected at end", Format.Count(f.ConnectedAtEnd)));
        rows.Add(("peak connected", Format.Count(f.PeakConnected)));
        return SummarySection.Pairs("connections", rows);
    }

    private static SummarySection Frames(FleetFigures f)
    {
        var rows = f.Directions
            .Select(d => (IReadOnlyList<string>)[d.Direction, Format.Count(d.Sent), Format.Count(d.Received), Format.Rate(d.SentPerSecond), Format.Rate(d.ReceivedPerSecond)])
            .ToList();
        rows.Add(["all", Format.Count(f.FramesSent), Format.Count(f.FramesReceived), Format.Rate(f.FramesSentPerSecond), Format.Rate(f.FramesReceivedPerSecond)]);
        return new SummarySection("frames", ["direction", "sent", "received", "sent/s", "received/s"], rows,
            $"per second over the whole run; peak received {Format.Rate(f.PeakFramesReceivedPerSecond)}/s in a second");
    }

    private static SummarySection LatencyTable(RunReport report)
    {
        var rows = OrderedLatencyNames(report).Select(name =>
        {
            var l = report.Latencies[name];
            return (IReadOnlyList<string>)[name, Format.Count(l.Count), Format.Ms(l.P50Ms), Format.Ms(l.P95Ms), Format.Ms(l.P99Ms), Format.Ms(l.MaxMs), Format.Ms(l.MeanMs)];
        }).ToList();
        return new SummarySection("latency (ms)", ["latency", "n", "p50", "p95", "p99", "max", "mean"], rows);
    }

    private static SummarySection Tally(string title, string keyName, IReadOnlyDictionary<string, long> counts, Func<string, string> meaning)
    {
        if (counts.Count == 0) return SummarySection.None(title);
        var rows = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (IReadOnlyList<string>)[kv.Key, Format.Count(kv.Value), meaning(kv.Key)])
            .ToList();
        return new SummarySection(title, [keyName, "count", ""], rows);
    }

    /// <summary>What the gateway's close codes mean (docs/protocol.md) and the standard ones it uses.</summary>
    public static string CloseCodeMeaning(string code) => code switch
    {
        "1000" => "normal closure",
        "1001" => "going away",
        "1008" => "policy violation (rate limit)",
        "1009" => "message too big",
        "1011" => "server error",
        "1012" => "service restart (node shutting down)",
        "4001" => "subscription expired (session cut)",
        "abnormal" => "dropped without a close frame",
        _ => "",
    };

    /// <summary>Memory counters by their name without "memory." and "-bytes" (<c>node.working-set-per-device</c>).</summary>
    private static SortedDictionary<string, long> Memory(RunReport report) =>
        new(report.Counters.Where(kv => IsMemory(kv.Key))
            .ToDictionary(kv => kv.Key[MemoryPrefix.Length..^BytesSuffix.Length], kv => kv.Value), StringComparer.Ordinal);

    private static bool IsMemory(string counter) =>
        counter.StartsWith(MemoryPrefix, StringComparison.Ordinal) && counter.EndsWith(BytesSuffix, StringComparison.Ordinal);

    /// <summary>The scenario's own counters: everything not shown in another section.</summary>
    private static IReadOnlyDictionary<string, long> Others(RunReport report) =>
        report.Counters
            .Where(kv => kv.Key is not (Counters.ConnectAttempts or Counters.ConnectOk) && !IsMemory(kv.Key)
                         && !KnownPrefixes.Any(p => kv.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}

/// <summary>
/// The gateway run beside the bare-Kestrel baseline of the same scenario: each figure of both and the
/// ratio gateway ÷ baseline (above 1 for a latency is the gateway's cost; below 1 for a rate is its loss).
/// </summary>
public static class BaselineSummary
{
    public static SummarySection Build(RunReport gateway, RunReport baseline)
    {
        var g = FleetFigures.Of(gateway);
        var b = FleetFigures.Of(baseline);
        var rows = new List<IReadOnlyList<string>>
        {
            Rate("connects/s", g.ConnectsPerSecond, b.ConnectsPerSecond),
            Count("connect ok", g.ConnectOk, b.ConnectOk),
            Count("connect failed", g.ConnectFailed, b.ConnectFailed),
            Count("peak connected", g.PeakConnected, b.PeakConnected),
            Rate("frames sent/s", g.FramesSentPerSecond, b.FramesSentPerSecond),
            Rate("frames received/s", g.FramesReceivedPerSecond, b.FramesReceivedPerSecond),
        };
        foreach (var name in FleetSummary.OrderedLatencyNames(gateway).Where(baseline.Latencies.ContainsKey))
        {
            var gl = gateway.Latencies[name];
            var bl = baseline.Latencies[name];
            rows.Add(Ms($"{name} p50 ms", gl.P50Ms, bl.P50Ms));
            rows.Add(Ms($"{name} p99 ms", gl.P99Ms, bl.P99Ms));
        }
        foreach (var (label, gatewayCounter, baselineCounter) in MemoryPairs)
        {
            if (gateway.Counters.TryGetValue(gatewayCounter, out var gm) && baseline.Counters.TryGetValue(baselineCounter, out var bm))
                rows.Add([label, Format.Bytes(gm), Format.Bytes(bm), Format.Ratio(gm, bm)]);
        }
        rows.Add(Count("errors", g.Errors, b.Errors));
        return new SummarySection($"gateway vs baseline ({baseline.Target})", ["figure", "gateway", "baseline", "gateway ÷ baseline"], rows);
    }

    /// <summary>
    /// Memory per connection: the node's growth per connected device against the bare server's per connection,
    /// as connect-hold records them.
    /// </summary>
    private static readonly (string Label, string Gateway, string Baseline)[] MemoryPairs =
    [
        ("memory/connection (working set)", "memory.node.working-set-per-device-bytes", "memory.server.working-set-per-connection-bytes"),
        ("memory/connection (managed heap)", "memory.node.managed-per-device-bytes", "memory.server.managed-per-connection-bytes"),
    ];

    private static IReadOnlyList<string> Rate(string label, double? g, double? b) => [label, Format.Rate(g), Format.Rate(b), Format.Ratio(g, b)];

    private static IReadOnlyList<string> Count(string label, long g, long b) => [label, Format.Count(g), Format.Count(b), Format.Ratio(g, b)];

    private static IReadOnlyList<string> Ms(string label, double g, double b) => [label, Format.Ms(g), Format.Ms(b), Format.Ratio(g, b)];
}

/// <summary>
/// How the reports order the latencies the scenarios record. An entry matches a name equal to it or
/// starting with it and a dot (<c>end-to-end</c> matches <c>end-to-end.device-to-host</c>); names no entry
/// matches come last, alphabetically.
/// </summary>
public static class LatencyNames
{
    /// <summary>What each scenario is about first: the latency live progress leads with.</summary>
    public static readonly IReadOnlyList<string> MainOrder =
    [
        Latencies.EndToEnd, Latencies.NotificationLateness, "renewed-after-response", Latencies.CutLateness,
        "reconnect", "reconnect-outage", "round-trip", Latencies.Request, Latencies.Connect,
    ];

    /// <summary>The rows of the summary's latency table: connecting first, then what the scenario measures.</summary>
    public static readonly IReadOnlyList<string> SummaryOrder =
    [
        Latencies.Connect, "welcome", "reconnect", "reconnect-outage", "channel-open", Latencies.EndToEnd, "round-trip",
        Latencies.NotificationLateness, "notification-raised-lateness", Latencies.CutLateness,
        "renewed-after-response", "renewed-after-request", Latencies.Request,
    ];

    public static int Rank(string name, IReadOnlyList<string> order)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (name == order[i] || name.StartsWith(order[i] + ".", StringComparison.Ordinal)) return i;
        }
        return order.Count;
    }
}
