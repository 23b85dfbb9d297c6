using ActorSubs.LoadTest.Recording;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ActorSubs.LoadTest.Reporting;

/// <summary>
/// The PNG of a run (ScottPlot): the percentile curve of every latency in the report, devices connected
/// over time and frames per second over time, one chart above the other; a baseline, when the report has
/// one, is drawn dashed in the same colours.
/// </summary>
public static class ReportChart
{
    public const int Width = 1200;
    public const int RowHeight = 420;

    public static void SavePng(RunReport report, string path)
    {
        RunOutput.CreateFolderOf(path);
        var plots = new List<Plot> { Latencies(report), Connected(report) };
        if (report.Timeline.Any(p => p.FramesSent > 0 || p.FramesReceived > 0)) plots.Add(Frames(report));
        var multiplot = new Multiplot(plots[0]) { Layout = new ScottPlot.MultiplotLayouts.Rows() };
        foreach (var plot in plots.Skip(1)) multiplot.AddPlot(plot);
        multiplot.SavePng(path, Width, RowHeight * plots.Count);
    }

    private static Plot Latencies(RunReport report)
    {
        var plot = NewPlot();
        plot.Title($"{FleetSummary.Heading(report)}\nlatency by percentile");
        plot.XLabel("percentile");
        plot.YLabel("latency (log scale)");
        var names = FleetSummary.OrderedLatencyNames(report).Where(n => report.Latencies[n].Count > 0).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var color = Colors.Category10[i % Colors.Category10.Length];
            AddCurve(plot, report.Latencies[names[i]], $"{names[i]} (n={Format.Count(report.Latencies[names[i]].Count)})", color, baseline: false);
            if (report.Baseline?.Latencies.GetValueOrDefault(names[i]) is { Count: > 0 } baseCurve)
                AddCurve(plot, baseCurve, $"{names[i]} baseline", color, baseline: true);
        }
        if (names.Count == 0) plot.Add.Annotation("no latency recorded");
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            PercentileScale.Ticks.Select(t => t.X).ToArray(), PercentileScale.Ticks.Select(t => t.Label).ToArray());
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        var (bottom, top) = names.Count == 0 ? (-1, 3) : (limits.Bottom - 0.1, limits.Top + 0.25); // empty: 0.1 ms to 1 s
        plot.Axes.SetLimits(-0.1, PercentileScale.MaxX + 0.1, bottom, top);
        var (positions, labels) = PercentileScale.LatencyTicks(bottom, top);
        plot.Axes.Left.TickGenerator = new NumericManual(positions, labels);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>A plot in a sans-serif font the machine has (ScottPlot falls back to a serif one otherwise).</summary>
    private static Plot NewPlot()
    {
        var plot = new Plot();
        if (SansFont.Value is { } font) plot.Font.Set(font);
        return plot;
    }

    private static readonly Lazy<string?> SansFont = new(() =>
    {
        var installed = SkiaSharp.SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica" }.FirstOrDefault(installed.Contains);
    });

    private static void AddCurve(Plot plot, LatencyReport latency, string label, Color color, bool baseline)
    {
        var xs = latency.Curve.Select(p => PercentileScale.X(p.Percentile)).ToArray();
        var ys = latency.Curve.Select(p => PercentileScale.Y(p.ValueMs)).ToArray();
        var scatter = plot.Add.Scatter(xs, ys, color);
        scatter.LegendText = label;
        scatter.LinePattern = baseline ? LinePattern.Dashed : LinePattern.Solid;
        scatter.LineWidth = 2;
        scatter.MarkerSize = baseline ? 0 : 5;
    }

    private static Plot Connected(RunReport report)
    {
        var plot = NewPlot();
        plot.Title("devices connected");
        plot.XLabel("seconds since start");
        plot.YLabel("connected");
        AddTimeline(plot, report.Timeline, p => p.Connected, "connected", Colors.Category10[0], LinePattern.Solid);
        if (report.Baseline is { } b) AddTimeline(plot, b.Timeline, p => p.Connected, "connected, baseline", Colors.Category10[0], LinePattern.Dashed);
        plot.Axes.SetLimits(0, EndSeconds(report), 0, Math.Max(1, MaxOf(report, p => p.Connected)) * 1.15);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static Plot Frames(RunReport report)
    {
        var plot = NewPlot();
        plot.Title("frames per second");
        plot.XLabel("seconds since start");
        plot.YLabel("frames/s");
        AddRate(plot, report.Timeline, p => p.FramesSent, "sent", Colors.Category10[1], LinePattern.Solid);
        AddRate(plot, report.Timeline, p => p.FramesReceived, "received", Colors.Category10[2], LinePattern.Solid);
        if (report.Baseline is { } b)
        {
            AddRate(plot, b.Timeline, p => p.FramesSent, "sent, baseline", Colors.Category10[1], LinePattern.Dashed);
            AddRate(plot, b.Timeline, p => p.FramesReceived, "received, baseline", Colors.Category10[2], LinePattern.Dashed);
        }
        plot.Axes.AutoScale();
        plot.Axes.SetLimits(0, EndSeconds(report), 0, Math.Max(1, plot.Axes.GetLimits().Top) * 1.25);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void AddTimeline(Plot plot, IReadOnlyList<TimelinePoint> timeline, Func<TimelinePoint, long> value, string label, Color color, LinePattern pattern)
    {
        var points = timeline.Prepend(new TimelinePoint(0, 0, 0, 0, 0, 0)).ToArray();
        var scatter = plot.Add.Scatter(points.Select(p => p.Seconds).ToArray(), points.Select(p => (double)value(p)).ToArray(), color);
        Style(scatter, label, pattern);
    }

    /// <summary>A running total's increase per second between timeline points, drawn at each point.</summary>
    private static void AddRate(Plot plot, IReadOnlyList<TimelinePoint> timeline, Func<TimelinePoint, long> total, string label, Color color, LinePattern pattern)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        var previous = new TimelinePoint(0, 0, 0, 0, 0, 0);
        foreach (var point in timeline)
        {
            var span = point.Seconds - previous.Seconds;
            if (span > 0.05)
            {
                xs.Add(point.Seconds);
                ys.Add((total(point) - total(previous)) / span);
            }
            previous = point;
        }
        if (xs.Count == 0) return;
        Style(plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color), label, pattern);
    }

    private static void Style(ScottPlot.Plottables.Scatter scatter, string label, LinePattern pattern)
    {
        scatter.LegendText = label;
        scatter.LinePattern = pattern;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 0;
    }

    /// <summary>The right edge of the timelines: the longer run's duration, at least a second.</summary>
    private static double EndSeconds(RunReport report) =>
        Math.Max(1, Math.Max(report.DurationSeconds, report.Baseline?.DurationSeconds ?? 0));

    private static long MaxOf(RunReport report, Func<TimelinePoint, long> value) =>
        report.Timeline.Select(value).Concat(report.Baseline?.Timeline.Select(value) ?? []).DefaultIfEmpty(0).Max();

    /// <summary>The ten colours of matplotlib's Category10, so a latency keeps its colour across runs.</summary>
    private static class Colors
    {
        public static readonly Color[] Category10 = new ScottPlot.Palettes.Category10().Colors;
    }
}
