using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Reporting;

/// <summary>
/// The figures a summary shows that are not stored as such in a <see cref="RunReport"/>: rates, totals
/// and peaks, derived from its counters and timeline.
/// </summary>
public sealed record FleetFigures(
    long ConnectAttempts, long ConnectOk, long ConnectFailed, IReadOnlyDictionary<string, long> ConnectFailedByReason,
    double? ConnectsPerSecond, double ConnectSeconds, double? PeakConnectsPerSecond,
    long ConnectedAtEnd, long PeakConnected,
    IReadOnlyList<DirectionFigures> Directions, long FramesSent, long FramesReceived,
    double? FramesSentPerSecond, double? FramesReceivedPerSecond, double? PeakFramesReceivedPerSecond,
    IReadOnlyDictionary<string, long> DisconnectsByCode, IReadOnlyDictionary<string, long> ErrorsByKind, long Errors)
{
    public static FleetFigures Of(RunReport report)
    {
        var failed = report.CountersUnder(Counters.ConnectFailedPrefix);
        var sent = report.CountersUnder(Counters.FramesSentPrefix);
        var received = report.CountersUnder(Counters.FramesReceivedPrefix);
        var errors = report.CountersUnder(Counters.ErrorPrefix);
        var duration = report.DurationSeconds;
        var timeline = report.Timeline;
        var connectOk = report.Counter(Counters.ConnectOk);
        var window = report.ConnectWindowSeconds ?? RampOf(timeline, connectOk, duration);

        var directions = sent.Keys.Union(received.Keys).Order(StringComparer.Ordinal)
            .Select(d => new DirectionFigures(d, sent.GetValueOrDefault(d), received.GetValueOrDefault(d),
                Rate(sent.GetValueOrDefault(d), duration), Rate(received.GetValueOrDefault(d), duration)))
            .ToList();

        return new FleetFigures(
            report.Counter(Counters.ConnectAttempts), connectOk, failed.Values.Sum(), failed,
            connectOk > 0 ? Rate(connectOk, Math.Max(window, 0.001)) : null, Math.Round(window, 6), PeakRate(timeline, p => p.ConnectsOk),
            timeline.Count > 0 ? timeline[^1].Connected : 0, timeline.Count > 0 ? timeline.Max(p => p.Connected) : 0,
            directions, sent.Values.Sum(), received.Values.Sum(),
            Rate(sent.Values.Sum(), duration), Rate(received.Values.Sum(), duration), PeakRate(timeline, p => p.FramesReceived),
            report.CountersUnder(Counters.DisconnectPrefix), errors, errors.Values.Sum());
    }

    /// <summary>Per second over <paramref name="seconds"/>, or null for an empty span.</summary>
    public static double? Rate(long count, double seconds) => seconds > 0 ? Math.Round(count / seconds, 1) : null;

    /// <summary>
    /// For a report without <see cref="RunReport.ConnectWindowSeconds"/>: from the start to the first timeline
    /// point that had every connect the run made, so a long hold after the ramp does not dilute connects/s.
    /// The whole run without a timeline.
    /// </summary>
    private static double RampOf(IReadOnlyList<TimelinePoint> timeline, long connectOk, double duration)
    {
        var done = timeline.FirstOrDefault(p => p.ConnectsOk >= connectOk);
        return done is { Seconds: > 0 } ? done.Seconds : duration;
    }

    /// <summary>The largest increase of a running total between two timeline points, per second.</summary>
    private static double? PeakRate(IReadOnlyList<TimelinePoint> timeline, Func<TimelinePoint, long> total)
    {
        double? peak = null;
        var previous = new TimelinePoint(0, 0, 0, 0, 0, 0);
        foreach (var point in timeline)
        {
            var span = point.Seconds - previous.Seconds;
            if (span > 0.05)
            {
                var rate = (total(point) - total(previous)) / span;
                peak = Math.Max(peak ?? 0, Math.Round(rate, 1));
            }
            previous = point;
        }
        return peak;
    }
}

/// <summary>Frames one way: sent by the simulated side that sends them, received by the other side.</summary>
public sealed record DirectionFigures(string Direction, long Sent, long Received, double? SentPerSecond, double? ReceivedPerSecond);
