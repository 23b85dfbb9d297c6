namespace ActorSubs.LoadTest.Reporting;

/// <summary>
/// The axes of the latency chart: percentiles spread as "nines" (x = −log10(1 − p), so 90 %, 99 %, 99.9 %
/// are evenly spaced, the maximum at the right edge) and milliseconds on a log10 scale.
/// </summary>
public static class PercentileScale
{
    public const double MaxX = 5;

    public static readonly (double X, string Label)[] Ticks =
        [(0, "0%"), (X(50), "50%"), (1, "90%"), (2, "99%"), (3, "99.9%"), (4, "99.99%"), (MaxX, "max")];

    public static double X(double percentile) =>
        percentile >= 100 ? MaxX : Math.Min(MaxX - 0.5, -Math.Log10(1 - percentile / 100));

    /// <summary>Milliseconds as log10, with anything under a microsecond drawn at one.</summary>
    public static double Y(double ms) => Math.Log10(Math.Max(ms, 0.001));

    /// <summary>Mantissas of the ticks in each decade, coarsest first.</summary>
    private static readonly double[][] TickSteps =
    [
        [1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9],
    ];

    /// <summary>
    /// Ticks for the log10 latency axis between two log10 values: powers of ten when the range spans many
    /// decades, finer round values (1-2-5, then every digit, then tenths) until at least three fall inside,
    /// so a narrow range still gets labels.
    /// </summary>
    public static (double[] Positions, string[] Labels) LatencyTicks(double minLog, double maxLog)
    {
        List<double> positions = [];
        foreach (var steps in TickSteps)
        {
            positions = [];
            for (var decade = (int)Math.Floor(minLog); decade <= (int)Math.Ceiling(maxLog); decade++)
            {
                foreach (var step in steps)
                {
                    var position = decade + Math.Log10(step);
                    if (position >= minLog - 1e-9 && position <= maxLog + 1e-9) positions.Add(position);
                }
            }
            if (positions.Count >= 3) break;
        }
        return ([.. positions], [.. positions.Select(MsLabel)]);
    }

    public static string MsLabel(double log10Ms)
    {
        var ms = Math.Pow(10, log10Ms);
        return ms >= 1000
            ? (ms / 1000).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s"
            : ms.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " ms";
    }
}
