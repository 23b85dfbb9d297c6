using ActorSubs.LoadTest.Cli;

namespace ActorSubs.LoadTest.Tests.Support;

/// <summary>What one command line did: its exit code and everything it wrote.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs the load tester's command line (the Spectre.Console.Cli app) in this process, its output captured.</summary>
public static class LoadTester
{
    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(TimeSpan.FromSeconds(60), args);

    public static async Task<CliResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cancellation = new CancellationTokenSource(timeout);
        var exit = await LoadTestApp.RunAsync(args, output, error, cancellation.Token);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
