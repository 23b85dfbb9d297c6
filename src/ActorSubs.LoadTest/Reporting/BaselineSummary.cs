using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Reporting;

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
