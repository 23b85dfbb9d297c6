using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Scenarios;

namespace ActorSubs.LoadTest.Baseline;

/// <summary>
/// <c>baseline-server</c>: the bare Kestrel WebSocket server alone, in its own process, for baselines with more sockets
/// than one process may hold at both ends (the expiry storm's <c>--baseline-target</c>).
/// </summary>
public sealed class BaselineServerCommand : IScenario
{
    public string Name => "baseline-server";

    public string Summary => "run the bare Kestrel WebSocket baseline server alone (for --baseline-target)";

    public string Description =>
        "Sends no load: serves the baseline's /ws/device and /ws/host on 127.0.0.1:--port (any token is accepted) and " +
        $"POST {BaselineServer.ExpirePath}?at=ISO-8601&limitMs=N (every connected device is told its subscription expired at " +
        "'at' and is closed with 4001 limitMs later), until --duration passes or the process is interrupted.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("port", "PORT", "port on 127.0.0.1; 0 picks a free one", "5099"),
        new("duration", "SECONDS", "stop after this long", "3600"),
    ];

    public async Task<int> RunAsync(ParsedOptions options, TextWriter output, CancellationToken cancellation)
    {
        var port = options.GetInt32("port", 5099, 0, 65535);
        var duration = options.GetSeconds("duration", 3600, 1, 24 * 3600);
        await using var server = await BaselineServer.StartAsync(cancellation, port);
        output.WriteLine($"baseline-server: listening on {server.Url} for at most {duration.TotalSeconds:0} s");
        try
        {
            await Task.Delay(duration, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        return LoadTestCli.ExitOk;
    }
}
