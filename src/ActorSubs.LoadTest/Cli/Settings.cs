using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Cli;

/// <summary>The allowed range of a numeric option, checked by <see cref="LoadSettings.Validate"/> before anything runs.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class BetweenAttribute(double min, double max) : Attribute
{
    public double Min { get; } = min;

    public double Max { get; } = max;
}

/// <summary>
/// What every command's settings share: range checks (<see cref="BetweenAttribute"/>) and the command's own checks
/// (<see cref="Check"/>, which throws <see cref="UsageException"/>) run in <see cref="Validate"/>, so a wrong command
/// line ends with exit code 2 before anything is sent anywhere.
/// </summary>
public abstract class LoadSettings : CommandSettings
{
    public sealed override ValidationResult Validate()
    {
        try
        {
            foreach (var (name, property) in Options())
            {
                if (property.GetCustomAttribute<BetweenAttribute>() is { } range && property.GetValue(this) is { } value
                    && Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && (number < range.Min || number > range.Max))
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                        $"{name}: {number} is out of range (allowed {range.Min} to {range.Max})."));
            }
            Check();
            return ValidationResult.Success();
        }
        catch (UsageException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }

    /// <summary>Checks that span options or need parsing; throws <see cref="UsageException"/>.</summary>
    protected virtual void Check()
    {
    }

    /// <summary>Every option as run (defaults filled in), by its long name, for the report; the operator key is not written out.</summary>
    public IReadOnlyDictionary<string, string> AsRun() => new SortedDictionary<string, string>(
        Options().ToDictionary(o => o.Name[2..], o => o.Name == "--operator-key"
            ? (Equals(o.Property.GetValue(this), TargetSettings.DefaultOperatorKey) ? "(default)" : "(given)")
            : Text(o.Property.GetValue(this))), StringComparer.Ordinal);

    private static string Text(object? value) => value switch
    {
        null => "",
        bool flag => flag ? "true" : "false",
        string[] many => string.Join(",", many),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private IEnumerable<(string Name, PropertyInfo Property)> Options() =>
        GetType().GetProperties()
            .Select(p => (Option: p.GetCustomAttribute<CommandOptionAttribute>(), Property: p))
            .Where(o => o.Option is not null)
            .Select(o => ("--" + o.Option!.LongNames[0], o.Property));
}

/// <summary>The options of every command that loads a node: where, with which operator key.</summary>
public abstract class TargetSettings : LoadSettings
{
    public const string DefaultTarget = "http://127.0.0.1:5080";
    public const string DefaultOperatorKey = "dev-operator-key";

    [CommandOption("--target <URL>")]
    [Description("node to load (default " + DefaultTarget + "), or a cluster's nodes: repeat it or separate URLs with commas; " +
                 "requests and clients go round robin over them. Only loopback hosts unless --allow-remote")]
    public string[] Target { get; init; } = [DefaultTarget];

    [CommandOption("--allow-remote")]
    [Description("allow a non-loopback --target (or PostgreSQL host of --ceiling)")]
    public bool AllowRemote { get; init; }

    [CommandOption("--operator-key <KEY>")]
    [Description("operator key (the node's ActorSubs:Admin:ApiKey), sent as 'Authorization: Bearer KEY'")]
    [DefaultValue(DefaultOperatorKey)]
    public string OperatorKey { get; init; } = DefaultOperatorKey;

    /// <summary>The checked <c>--target</c> URLs.</summary>
    public IReadOnlyList<Uri> Targets { get; private set; } = [];

    public string TargetText => string.Join(",", Targets.Select(t => t.ToString().TrimEnd('/')));

    protected override void Check() => Targets = Loopback.ParseTargets(string.Join(",", Target), AllowRemote);

    /// <summary>A file path option as an absolute path, or null when not given.</summary>
    protected static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
}

/// <summary>The command line is wrong: the message says what; settings validation turns it into exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The run could not be carried out (target not ready, sign-up failed, database unreachable): exit code 1.</summary>
public sealed class RunFailedException(string message, Exception? inner = null) : Exception(message, inner);
