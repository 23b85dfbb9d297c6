using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorSubs.System.Tests.Support;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
public sealed record Instruction(string Keyword, string Arguments);

/// <summary>A build stage: its <c>FROM</c> image, its name and its instructions.</summary>
public sealed record Stage(string Image, string? Name, IReadOnlyList<Instruction> Instructions)
{
    public IEnumerable<string> Arguments(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
}

/// <summary>
/// Just enough of a Dockerfile parser for the checks: stages, ENV pairs, EXPOSE, USER, WORKDIR, HEALTHCHECK and
/// ENTRYPOINT of the final stage (what the running container gets).
/// </summary>
public sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Final => Stages[^1];

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<Stage>();
        string? image = null, name = null;
        var instructions = new List<Instruction>();
        foreach (var line in LogicalLines(text))
        {
            var split = line.IndexOf(' ');
            var keyword = (split < 0 ? line : line[..split]).ToUpperInvariant();
            var arguments = split < 0 ? "" : line[(split + 1)..].Trim();
            if (keyword == "FROM")
            {
                if (image is not null) stages.Add(new Stage(image, name, instructions));
                var from = FromPattern().Match(arguments);
                image = from.Groups["image"].Value;
                name = from.Groups["name"].Success ? from.Groups["name"].Value : null;
                instructions = [];
            }
            else instructions.Add(new Instruction(keyword, arguments));
        }
        if (image is not null) stages.Add(new Stage(image, name, instructions));
        return new Dockerfile(stages);
    }

    /// <summary>The final stage's ENV, in order (a later value wins, as in the image).</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var arguments in Final.Arguments("ENV"))
            {
                foreach (Match pair in EnvPairPattern().Matches(arguments))
                    env[pair.Groups["key"].Value] = pair.Groups["value"].Value.Trim('"');
            }
            return env;
        }
    }

    /// <summary>
    /// The variable that sets the container's HTTP address. It has to be the unprefixed <c>Urls</c>: appsettings.json names
    /// Urls too and outranks ASPNETCORE_URLS and ASPNETCORE_HTTP_PORTS, while an unprefixed variable outranks the file.
    /// </summary>
    public KeyValuePair<string, string> UrlsVariable =>
        Environment.FirstOrDefault(e => string.Equals(e.Key, "Urls", StringComparison.OrdinalIgnoreCase));

    /// <summary>The port of the container's HTTP address (<c>http://+:8080</c>).</summary>
    public int? HttpPort => UrlsVariable.Value is { } urls && PortPattern().Match(urls) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;

    public IReadOnlyList<int> ExposedPorts =>
        Final.Arguments("EXPOSE").SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p.Split('/')[0])).ToList();

    public string? User => Final.Arguments("USER").LastOrDefault();

    public string? WorkingDirectory => Final.Arguments("WORKDIR").LastOrDefault();

    public string? HealthCheck => Final.Arguments("HEALTHCHECK").LastOrDefault();

    /// <summary>The ENTRYPOINT in exec form (a JSON array); the shell form would not get SIGTERM as PID 1.</summary>
    public IReadOnlyList<string> Entrypoint
    {
        get
        {
            var entrypoint = Final.Arguments("ENTRYPOINT").LastOrDefault()
                ?? throw new InvalidOperationException("the final stage has no ENTRYPOINT");
            return JsonSerializer.Deserialize<string[]>(entrypoint)
                ?? throw new InvalidOperationException($"ENTRYPOINT is not in exec form: {entrypoint}");
        }
    }

    private static IEnumerable<string> LogicalLines(string text)
    {
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            current += line;
            if (current.Trim().Length > 0) yield return Regex.Replace(current.Trim(), @"\s+", " ");
            current = "";
        }
        if (current.Trim().Length > 0) yield return current.Trim();
    }

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"^(--\S+\s+)*(?<image>\S+)(\s+AS\s+(?<name>\S+))?", RegexOptions.IgnoreCase)]
    private static partial Regex FromPattern();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    private static partial Regex EnvPairPattern();
}
