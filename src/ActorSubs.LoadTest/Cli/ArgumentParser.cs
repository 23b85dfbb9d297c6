namespace ActorSubs.LoadTest.Cli;

/// <summary>
/// Reads <c>--name value</c>, <c>--name=value</c> and <c>--flag</c> against a scenario's option specs.
/// Unknown options, missing values, repeats (except of a repeatable option) and stray words are usage errors.
/// </summary>
public static class ArgumentParser
{
    public static ParsedOptions Parse(string scenario, IReadOnlyList<OptionSpec> specs, IReadOnlyList<string> args)
    {
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}' (options start with --).", scenario);

            var name = arg[2..];
            string? inlineValue = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inlineValue = name[(equals + 1)..];
                name = name[..equals];
            }

            if (!byName.TryGetValue(name, out var spec))
                throw new UsageException($"unknown option '--{name}' for '{scenario}'.", scenario);
            if (values.ContainsKey(name) && !spec.Repeatable)
                throw new UsageException($"option '--{name}' is given more than once.", scenario);

            if (spec.IsFlag)
            {
                if (inlineValue is not null)
                    throw new UsageException($"option '--{name}' is a flag and takes no value.", scenario);
                values[name] = null;
                continue;
            }

            var value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"option '--{name}' needs a value ({spec.ValueName}).", scenario);
                value = args[++i];
            }
            if (value.Length == 0)
                throw new UsageException($"option '--{name}' needs a non-empty value ({spec.ValueName}).", scenario);
            values[name] = values.TryGetValue(name, out var earlier) ? $"{earlier},{value}" : value;
        }
        return new ParsedOptions(scenario, values);
    }
}
