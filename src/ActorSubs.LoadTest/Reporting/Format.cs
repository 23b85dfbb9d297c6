using System.Globalization;

namespace ActorSubs.LoadTest.Reporting;

/// <summary>Number formats of the summaries: invariant culture, thousands separated, "n/a" for nothing.</summary>
public static class Format
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Count(long value) => value.ToString("N0", C);

    public static string Rate(double? perSecond) => perSecond is { } v ? v.ToString(v >= 100 ? "N0" : "N1", C) : "n/a";

    public static string Ms(double value) => value switch
    {
        >= 1000 => value.ToString("N0", C),
        >= 100 => value.ToString("0.0", C),
        >= 10 => value.ToString("0.00", C),
        _ => value.ToString("0.000", C),
    };

    public static string Seconds(double value) => value.ToString("0.0", C) + " s";

    /// <summary>A span: milliseconds under a second ("7.2 ms"), else seconds ("3.0 s").</summary>
    public static string Span(double seconds) =>
        seconds < 1 ? (seconds * 1000).ToString(seconds < 0.1 ? "0.0" : "0", C) + " ms" : Seconds(seconds);

    /// <summary>Bytes in binary units: "812 B", "12.3 KiB", "1.50 MiB", "2.00 GiB".</summary>
    public static string Bytes(long value)
    {
        var abs = Math.Abs((double)value);
        return abs switch
        {
            < 1024 => value.ToString("N0", C) + " B",
            < 1024 * 1024 => (value / 1024.0).ToString("0.0", C) + " KiB",
            < 1024L * 1024 * 1024 => (value / (1024.0 * 1024)).ToString("0.00", C) + " MiB",
            _ => (value / (1024.0 * 1024 * 1024)).ToString("0.00", C) + " GiB",
        };
    }

    /// <summary>A ratio such as "1.25×"; "n/a" when either side is missing or negative or the baseline is zero.</summary>
    public static string Ratio(double? value, double? baseline) =>
        value is { } v and >= 0 && baseline is { } b and > 0 ? (v / b).ToString("0.00", C) + "×" : "n/a";
}
