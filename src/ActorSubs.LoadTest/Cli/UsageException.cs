namespace ActorSubs.LoadTest.Cli;

/// <summary>The command line is wrong: the message says what; settings validation turns it into exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The run could not be carried out (target not ready, sign-up failed, database unreachable): exit code 1.</summary>
public sealed class RunFailedException(string message, Exception? inner = null) : Exception(message, inner);
