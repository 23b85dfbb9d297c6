using System.Text.RegularExpressions;

namespace ActorSubs.System.Tests.Support;

/// <summary>A service of the compose file, with its environment interpolated as Compose would with no variables set.</summary>
public sealed record ComposeService(string Name, YNode Definition, IReadOnlyDictionary<string, string> Environment)
{
    public string? Image => Definition["image"].Text;
}

/// <summary>docker/compose.yaml, read the way <c>docker compose</c> reads it (merge keys, <c>${VAR:-default}</c>).</summary>
public sealed partial class ComposeFile
{
    private ComposeFile(IReadOnlyList<ComposeService> services) => Services = services;

    public IReadOnlyList<ComposeService> Services { get; }

    public ComposeService Service(string name) => Services.Single(s => s.Name == name);

    /// <summary>The services that run the node image (built from docker/Dockerfile).</summary>
    public IReadOnlyList<ComposeService> Nodes =>
        Services.Where(s => s.Definition["build"]["dockerfile"].Text?.EndsWith("Dockerfile", StringComparison.Ordinal) == true).ToList();

    public static ComposeFile Load(string path)
    {
        var root = YNode.Parse(File.ReadAllText(path));
        var services = root["services"].Entries
            .Select(e => new ComposeService(e.Key, e.Value, EnvironmentOf(e.Value["environment"])))
            .ToList();
        return new ComposeFile(services);
    }

    /// <summary><c>${NAME:-default}</c> and <c>${NAME-default}</c> take their default; a bare <c>${NAME}</c> is left as it is.</summary>
    public static string Interpolate(string value) =>
        DefaultPattern().Replace(value, m => m.Groups["default"].Value);

    /// <summary>A duration in Compose's form: 40s, 1m30s, 500ms.</summary>
    public static TimeSpan Duration(string text)
    {
        var total = TimeSpan.Zero;
        var parts = DurationPattern().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text)
            throw new FormatException($"'{text}' is not a Compose duration");
        foreach (Match part in parts)
        {
            var n = double.Parse(part.Groups["n"].Value, global::System.Globalization.CultureInfo.InvariantCulture);
            total += part.Groups["unit"].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                var unit => throw new FormatException($"unknown unit {unit}"),
            };
        }
        return total;
    }

    private static Dictionary<string, string> EnvironmentOf(YNode environment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in environment.Entries) env[key] = Interpolate(value.Text ?? "");
        foreach (var item in environment.Items)
        {
            var text = item.Text ?? "";
            var eq = text.IndexOf('=');
            if (eq > 0) env[text[..eq]] = Interpolate(text[(eq + 1)..]);
        }
        return env;
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*):?-(?<default>[^}]*)\}")]
    private static partial Regex DefaultPattern();

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)(?<unit>ms|h|m|s)")]
    private static partial Regex DurationPattern();
}
