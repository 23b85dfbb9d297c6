using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Reporting;

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
