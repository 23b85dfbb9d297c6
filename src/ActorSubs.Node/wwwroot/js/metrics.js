// The wake-up figures of the answering node, read from its Prometheus text (the series of WakeupMetrics, described
// in docs/timeline.md): the backlog of due wake-ups not yet acknowledged, the pending ones, the overdue spans, and
// the mean lateness (sum / count of the lateness histogram since the node started).

function value(text, name) {
  const match = text.match(new RegExp(`^${name} ([^\\s]+)`, 'm'));
  return match ? Number(match[1]) : null;
}

export function wakeupFigures(text) {
  const sum = value(text, 'actorsubs_wakeup_lateness_seconds_sum');
  const count = value(text, 'actorsubs_wakeup_lateness_seconds_count');
  return {
    backlog: value(text, 'actorsubs_wakeups_catchup_backlog'),
    pending: value(text, 'actorsubs_wakeups_pending'),
    overdueSpans: value(text, 'actorsubs_wakeups_catchup_spans'),
    meanLatenessSeconds: count ? sum / count : null,
  };
}
