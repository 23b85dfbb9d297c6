using ActorSubs.LoadTest.Baseline;
using ActorSubs.LoadTest.Reporting;
using ActorSubs.LoadTest.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace ActorSubs.LoadTest.Cli;

/// <summary>
/// The command line: one Spectre.Console.Cli command per scenario, and the mapping of failures to exit codes
/// (0 completed, request errors included in the report; 1 the run could not be carried out; 2 bad command line; 130 interrupted).
/// </summary>
public static class LoadTestApp
{
    public const int ExitOk = 0;
    public const int ExitRunFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitInterrupted = 130;

    public const string ProgramName = "dotnet run -c Release --project src/ActorSubs.LoadTest --";

    /// <summary>Every command: name, one line for the list, the paragraph its own help adds, and its settings.</summary>
    public static IReadOnlyList<(string Name, string Summary, string Details, Type Settings)> Commands { get; } =
    [
        ("api", ApiScenario.Summary, ApiScenario.Details, typeof(ApiScenario.Settings)),
        ("signups", SignUpsScenario.Summary, SignUpsScenario.Details, typeof(SignUpsScenario.Settings)),
        ("connect-hold", ConnectHoldScenario.Summary, ConnectHoldScenario.Details, typeof(ConnectHoldScenario.Settings)),
        ("expiry-storm", ExpiryStormScenario.Summary, ExpiryStormScenario.Details, typeof(ExpiryStormScenario.Settings)),
        ("relay", RelayScenario.Summary, RelayScenario.Details, typeof(RelayScenario.Settings)),
        ("renewal-churn", RenewalChurnScenario.Summary, RenewalChurnScenario.Details, typeof(RenewalChurnScenario.Settings)),
        ("reconnect-storm", ReconnectStormScenario.Summary, ReconnectStormScenario.Details, typeof(ReconnectStormScenario.Settings)),
        ("wakeups", WakeupsScenario.Summary, WakeupsScenario.Details, typeof(WakeupsScenario.Settings)),
        ("store-notifications", StoreNotificationsScenario.Summary, StoreNotificationsScenario.Details, typeof(StoreNotificationsScenario.Settings)),
        ("report", ReportCommand.Summary, ReportCommand.Details, typeof(ReportCommand.Settings)),
        ("baseline-server", BaselineServerCommand.Summary, BaselineServerCommand.Details, typeof(BaselineServerCommand.Settings)),
    ];

    /// <summary>Runs one command line; what the command prints goes to <paramref name="output"/>, what went wrong to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName(ProgramName);
            config.ConfigureConsole(Printer.ConsoleFor(output, width: 120));
            config.UseStrictParsing();
            config.CancellationExitCode(ExitInterrupted);
            config.Settings.Registrar.RegisterInstance(output);
            config.SetHelpProvider(new DetailedHelp(config.Settings));
            config.SetExceptionHandler((e, _) => Fail(e, args, error, cancellation));
            config.AddCommand<ApiScenario>("api").WithDescription(ApiScenario.Summary);
            config.AddCommand<SignUpsScenario>("signups").WithDescription(SignUpsScenario.Summary);
            config.AddCommand<ConnectHoldScenario>("connect-hold").WithDescription(ConnectHoldScenario.Summary);
            config.AddCommand<ExpiryStormScenario>("expiry-storm").WithDescription(ExpiryStormScenario.Summary);
            config.AddCommand<RelayScenario>("relay").WithDescription(RelayScenario.Summary);
            config.AddCommand<RenewalChurnScenario>("renewal-churn").WithDescription(RenewalChurnScenario.Summary);
            config.AddCommand<ReconnectStormScenario>("reconnect-storm").WithDescription(ReconnectStormScenario.Summary);
            config.AddCommand<WakeupsScenario>("wakeups").WithDescription(WakeupsScenario.Summary);
            config.AddCommand<StoreNotificationsScenario>("store-notifications").WithDescription(StoreNotificationsScenario.Summary);
            config.AddCommand<ReportCommand>("report").WithDescription(ReportCommand.Summary);
            config.AddCommand<BaselineServerCommand>("baseline-server").WithDescription(BaselineServerCommand.Summary);
        });
        if (args.Count == 0)
        {
            error.WriteLine("error: no scenario given.");
            await app.RunAsync(["--help"], cancellation);
            return ExitUsage;
        }
        return CommandLine.Problem(args) is { } problem
            ? Fail(new UsageException(problem), args, error, cancellation)
            : await app.RunAsync(args, cancellation);
    }

    private static int Fail(Exception e, IReadOnlyList<string> args, TextWriter error, CancellationToken cancellation)
    {
        switch (e)
        {
            case CommandAppException or UsageException:
                error.WriteLine($"error: {CommandLine.Explain(e.Message, args)}");
                error.WriteLine($"'{ProgramName} --help' lists the scenarios, '{ProgramName} <scenario> --help' a scenario's options.");
                return ExitUsage;
            case OperationCanceledException when cancellation.IsCancellationRequested:
                error.WriteLine("interrupted.");
                return ExitInterrupted;
            case RunFailedException:
                error.WriteLine($"run failed: {e.Message}");
                if (e.InnerException is { } inner) error.WriteLine($"  caused by {inner.GetType().Name}: {inner.Message}");
                return ExitRunFailed;
            default:
                error.WriteLine($"run failed: {e}");
                return ExitRunFailed;
        }
    }

    /// <summary>Spectre's help with each command's paragraph under its one-line description, and the exit codes.</summary>
    private sealed class DetailedHelp(ICommandAppSettings settings) : HelpProvider(settings)
    {
        public override IEnumerable<IRenderable> GetDescription(ICommandModel model, ICommandInfo? command)
        {
            var details = command is null ? null : Commands.FirstOrDefault(c => c.Name == command.Name).Details;
            return details is null ? base.GetDescription(model, command) : [.. base.GetDescription(model, command), new Text(details + "\n\n")];
        }

        public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command) =>
            [new Text("\nexit codes: 0 completed (request errors are in the report), 1 run failed, 2 bad command line, 130 interrupted.\n")];
    }
}
