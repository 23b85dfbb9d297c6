using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>
/// A histogram read from a node's Prometheus text, summed over its label sets (or those a selector picks), and the
/// quantiles it allows: the upper bound of the bucket a quantile falls in (its true value is at most that).
/// </summary>
public sealed partial record PromHistogram(IReadOnlyList<(double UpperBound, long Count)> Buckets, long Count, double Sum)
{
    /// <summary>
    /// <paramref name="selector"/>: a metric name (every label set), or a name with the start of its labels
    /// (<c>actorsubs_due_lateness_seconds{woken_by="wakeup"</c>).
    /// </summary>
    public static PromHistogram Parse(string text, string selector)
    {
        var name = selector.Split('{')[0];
        var labels = selector.Contains('{') ? selector[(selector.IndexOf('{') + 1)..] : "";
        var buckets = new SortedDictionary<double, long>();
        long count = 0;
        double sum = 0;
        foreach (Match m in Line().Matches(text))
        {
            var (metric, labelText, value) = (m.Groups["name"].Value, m.Groups["labels"].Value, m.Groups["value"].Value);
            if (!labelText.StartsWith(labels, StringComparison.Ordinal)) continue;
            var number = double.Parse(value, CultureInfo.InvariantCulture);
            if (metric == name + "_count") count += (long)number;
            else if (metric == name + "_sum") sum += number;
            else if (metric == name + "_bucket" && Le().Match(labelText) is { Success: true } le)
            {
                var bound = le.Groups[1].Value == "+Inf" ? double.PositiveInfinity : double.Parse(le.Groups[1].Value, CultureInfo.InvariantCulture);
                buckets[bound] = buckets.GetValueOrDefault(bound) + (long)number;
            }
        }
        return new PromHistogram(buckets.Select(b => (b.Key, b.Value)).ToArray(), count, sum);
    }

    /// <summary>An unlabelled gauge's value, or null when the text has none.</summary>
    public static double? Value(string text, string name)
    {
        foreach (Match m in Line().Matches(text))
        {
            if (m.Groups["name"].Value == name && m.Groups["labels"].Value.Length == 0)
                return double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>The upper bound of the bucket holding quantile <paramref name="q"/> (cumulative buckets, as Prometheus writes them).</summary>
    public double Quantile(double q)
    {
        if (Count == 0) return 0;
        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        foreach (var (bound, cumulative) in Buckets)
        {
            if (cumulative >= rank) return bound;
        }
        return double.PositiveInfinity;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN|\+Inf)$", RegexOptions.Multiline)]
    private static partial Regex Line();

    [GeneratedRegex("le=\"([^\"]+)\"")]
    private static partial Regex Le();
}
