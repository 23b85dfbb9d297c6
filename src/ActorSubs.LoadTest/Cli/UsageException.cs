namespace ActorSubs.LoadTest.Cli;

/// <summary>The command line is wrong: the message says what, and the program exits with code 2 and the usage.</summary>
public sealed class UsageException(string message, string? scenario = null) : Exception(message)
{
    /// <summary>The scenario whose usage to print, or null for the program's.</summary>
    public string? Scenario { get; } = scenario;
}

/// <summary>The run could not be carried out (target not ready, sign-up failed, database unreachable): exit code 1.</summary>
public sealed class RunFailedException(string message, Exception? inner = null) : Exception(message, inner);
