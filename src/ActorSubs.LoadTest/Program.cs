using ActorSubs.LoadTest.Cli;

// ActorSubs load tests: `dotnet run -c Release --project src/ActorSubs.LoadTest -- <scenario> [options]`.
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
return await LoadTestApp.RunAsync(args, Console.Out, Console.Error, interrupt.Token);
