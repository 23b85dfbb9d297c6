using System.ComponentModel;
using ActorSubs.LoadTest.Cli;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Baseline;

/// <summary>The <c>baseline-server</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class BaselineServerCommand(TextWriter output) : AsyncCommand<BaselineServerCommand.Settings>
{
    public const string Summary = "run the bare Kestrel WebSocket baseline server alone (for --baseline-target)";

    public const string Details =
        "Sends no load: serves the baseline's /ws/device and /ws/host on 127.0.0.1:--port (any token is accepted) and " +
        $"POST {BaselineServer.ExpirePath}?at=ISO-8601&limitMs=N (every connected device is told its subscription expired at " +
        "'at' and is closed with 4001 limitMs later), until --duration passes or the process is interrupted.";

    public sealed class Settings : LoadSettings
    {
        [CommandOption("--port <PORT>"), Description("port on 127.0.0.1; 0 picks a free one"), DefaultValue(5099), Between(0, 65535)]
        public int Port { get; init; } = 5099;

        [CommandOption("--duration <SECONDS>"), Description("stop after this long"), DefaultValue(3600.0), Between(1, 24 * 3600)]
        public double Duration { get; init; } = 3600;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        await using var server = await BaselineServer.StartAsync(cancellation, settings.Port);
        output.WriteLine($"baseline-server: listening on {server.Url} for at most {settings.Duration:0} s");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(settings.Duration), cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        return LoadTestApp.ExitOk;
    }
}
