using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Cli;

/// <summary>
/// The mistakes Spectre.Console.Cli accepts or words poorly, checked against the command's settings before it parses:
/// an option given twice (it would keep the last), an option without its value; and a value that is not a number, named
/// with its option.
/// </summary>
public static partial class CommandLine
{
    public static string? Problem(IReadOnlyList<string> args)
    {
        var command = LoadTestApp.Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command.Settings is null) return null;
        var options = command.Settings.GetProperties()
            .Select(p => (Attribute: p.GetCustomAttribute<CommandOptionAttribute>(), p.PropertyType))
            .Where(o => o.Attribute is not null)
            .ToDictionary(o => "--" + o.Attribute!.LongNames[0], o => o.PropertyType, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i].Split('=')[0];
            if (!options.TryGetValue(name, out var type)) continue;
            if (!seen.Add(name) && !type.IsArray) return $"option '{name}' is given more than once.";
            if (type != typeof(bool) && !args[i].Contains('=') && (i + 1 == args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                return $"option '{name}' needs a value.";
        }
        return null;
    }

    /// <summary>Spectre's "Failed to convert 'lots' to Int32." as "--accounts: 'lots' is not a whole number."; other messages as they are.</summary>
    public static string Explain(string message, IReadOnlyList<string> args)
    {
        if (Conversion().Match(message) is not { Success: true } m) return message;
        var value = m.Groups[1].Value;
        var at = args.ToList().FindIndex(a => a == value || a.EndsWith("=" + value, StringComparison.Ordinal));
        var option = at < 0 ? "an option" : args[at].Contains('=') ? args[at].Split('=')[0] : args[at - 1];
        return $"{option}: '{value}' is not a {(m.Groups[2].Value.StartsWith("Int", StringComparison.Ordinal) ? "whole number" : "number")}.";
    }

    [GeneratedRegex(@"^Failed to convert '(.*)' to (\S+?)\.?$")]
    private static partial Regex Conversion();
}
