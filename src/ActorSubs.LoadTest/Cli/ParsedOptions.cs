using System.Globalization;

namespace ActorSubs.LoadTest.Cli;

/// <summary>
/// The options given on the command line, already checked against the scenario's specs; typed getters
/// turn values into numbers with an error message that names the option.
/// </summary>
public sealed class ParsedOptions(string scenario, IReadOnlyDictionary<string, string?> values)
{
    public string Scenario { get; } = scenario;

    public bool Has(string name) => values.ContainsKey(name);

    public string? GetString(string name) => values.TryGetValue(name, out var value) ? value : null;

    public string GetString(string name, string fallback) => GetString(name) ?? fallback;

    public long GetInt64(string name, long fallback, long min, long max)
    {
        var text = GetString(name);
        if (text is null) return fallback;
        // Accept "1,000,000" and "1_000_000" as well as "1000000".
        var cleaned = text.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (!long.TryParse(cleaned, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new UsageException($"--{name}: '{text}' is not a whole number.", Scenario);
        if (value < min || value > max)
            throw new UsageException($"--{name}: {value} is out of range (allowed {min} to {max}).", Scenario);
        return value;
    }

    public int GetInt32(string name, int fallback, int min, int max) => (int)GetInt64(name, fallback, min, max);

    /// <summary>A number of seconds, whole or decimal ("20", "0.5").</summary>
    public TimeSpan GetSeconds(string name, double fallback, double min, double max)
    {
        var text = GetString(name);
        var seconds = fallback;
        if (text is not null)
        {
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds)
                || double.IsNaN(seconds) || double.IsInfinity(seconds))
                throw new UsageException($"--{name}: '{text}' is not a number of seconds.", Scenario);
            if (seconds < min || seconds > max)
                throw new UsageException($"--{name}: {text} s is out of range (allowed {min} to {max} s).", Scenario);
        }
        return TimeSpan.FromSeconds(seconds);
    }
}
