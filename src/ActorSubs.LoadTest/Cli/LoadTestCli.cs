using ActorSubs.LoadTest.Scenarios;

namespace ActorSubs.LoadTest.Cli;

/// <summary>Chooses the scenario, parses its options and maps failures to exit codes.</summary>
public static class LoadTestCli
{
    public const int ExitOk = 0;
    public const int ExitRunFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitInterrupted = 130;

    private const string Program = "dotnet run -c Release --project src/ActorSubs.LoadTest --";

    /// <summary>Every scenario; later ones (connect-hold, expiry-storm, relay, ...) are added here.</summary>
    public static IReadOnlyList<IScenario> Scenarios { get; } =
    [
        new ApiScenario(), new SignUpsScenario(), new ConnectHoldScenario(), new ExpiryStormScenario(), new RelayScenario(),
        new RenewalChurnScenario(), new ReconnectStormScenario(), new WakeupsScenario(), new ReportCommand(), new Baseline.BaselineServerCommand(),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (args.Count == 0)
        {
            error.WriteLine("error: no scenario given.");
            error.WriteLine();
            error.Write(Usage(null));
            return ExitUsage;
        }
        if (args[0] is "-h" or "--help" or "help")
        {
            output.Write(Usage(args.Count > 1 ? Scenarios.FirstOrDefault(s => s.Name == args[1]) : null));
            return ExitOk;
        }

        var scenario = Scenarios.FirstOrDefault(s => s.Name == args[0]);
        try
        {
            if (scenario is null)
                throw new UsageException($"unknown scenario '{args[0]}' (known: {string.Join(", ", Scenarios.Select(s => s.Name))}).");
            var rest = args.Skip(1).ToArray();
            if (rest.Any(a => a is "-h" or "--help"))
            {
                output.Write(Usage(scenario));
                return ExitOk;
            }
            var options = ArgumentParser.Parse(scenario.Name, scenario.Options, rest);
            return await scenario.RunAsync(options, output, cancellation);
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine();
            error.Write(Usage(Scenarios.FirstOrDefault(s => s.Name == e.Scenario)));
            return ExitUsage;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine("interrupted.");
            return ExitInterrupted;
        }
        catch (RunFailedException e)
        {
            error.WriteLine($"run failed: {e.Message}");
            if (e.InnerException is { } inner) error.WriteLine($"  caused by {inner.GetType().Name}: {inner.Message}");
            return ExitRunFailed;
        }
    }

    public static string Usage(IScenario? scenario)
    {
        var text = new System.Text.StringBuilder();
        if (scenario is null)
        {
            text.AppendLine($"usage: {Program} <scenario> [options]");
            text.AppendLine();
            text.AppendLine("scenarios:");
            foreach (var s in Scenarios) text.AppendLine($"  {s.Name,-16} {s.Summary}");
            text.AppendLine();
            text.AppendLine($"'{Program} <scenario> --help' lists a scenario's options.");
            return text.ToString();
        }

        text.AppendLine($"usage: {Program} {scenario.Name} [options]");
        text.AppendLine();
        foreach (var line in Wrap(scenario.Description, 100)) text.AppendLine(line);
        text.AppendLine();
        text.AppendLine("options:");
        var width = scenario.Options.Max(o => o.Synopsis.Length) + 2;
        foreach (var option in scenario.Options)
        {
            var help = option.Default is null ? option.Help : $"{option.Help} (default {option.Default})";
            var lines = Wrap(help, Math.Max(40, 100 - width - 2));
            text.AppendLine($"  {option.Synopsis.PadRight(width)}{lines[0]}");
            foreach (var more in lines.Skip(1)) text.AppendLine($"  {new string(' ', width)}{more}");
        }
        text.AppendLine();
        text.AppendLine("exit codes: 0 completed (request errors are in the report), 1 run failed, 2 bad command line, 130 interrupted.");
        return text.ToString();
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        lines.Add(line.ToString());
        return lines;
    }
}
