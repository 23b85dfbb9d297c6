using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Reporting.Fleet;

// ActorSubs load tests: `dotnet run -c Release --project src/ActorSubs.LoadTest -- <scenario> [options]`.
// Exit codes: 0 the run completed (request errors are in the report), 1 the run could not be carried out,
// 2 bad command line, 130 interrupted.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
// SIGTERM (a script's cleanup, a container stop) ends a run like Ctrl-C: otherwise a Kestrel server started inside
// this process (the baseline) takes the signal for itself and the process keeps running.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupt.Cancel();
});
// On a terminal, output goes through Spectre.Console so messages and the live progress share the screen.
var output = Terminal.StandardOutput();
var exitCode = await LoadTestCli.RunAsync(args, output, Console.Error, interrupt.Token);
output.Flush();
return exitCode;
