namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// The wake-up index of this node as the operator dashboard shows it (<c>GET /api/admin/wakeups</c>, docs/api.md): the
/// same figures as the <see cref="WakeupMetrics"/> series on <c>/metrics</c>, read directly, so a dashboard polling every
/// few seconds does not make the node render its whole Prometheus text each time.
/// </summary>
/// <param name="Pending">Wake-ups held by the buckets loaded on this node.</param>
/// <param name="Backlog">Wake-ups already due and not yet acknowledged.</param>
/// <param name="OverdueSpans">Spans wholly in the past that the clock has still to deliver.</param>
/// <param name="WakesMeasured">First wake-ups sent since the node started, whose lateness is in the mean.</param>
/// <param name="MeanLatenessSeconds">From due instant to first wake-up, averaged since the node started; null before the first.</param>
public sealed record WakeupFigures(long Pending, long Backlog, long OverdueSpans, long WakesMeasured, double? MeanLatenessSeconds);
