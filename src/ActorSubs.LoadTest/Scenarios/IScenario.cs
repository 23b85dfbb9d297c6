using ActorSubs.LoadTest.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>One load-test scenario, chosen by the first word of the command line.</summary>
public interface IScenario
{
    string Name { get; }

    /// <summary>One line for the list of scenarios.</summary>
    string Summary { get; }

    /// <summary>A paragraph for the scenario's own usage text.</summary>
    string Description { get; }

    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Runs the scenario and returns the process exit code. Throws <see cref="UsageException"/> for bad option values.</summary>
    Task<int> RunAsync(ParsedOptions options, TextWriter output, CancellationToken cancellation);
}
