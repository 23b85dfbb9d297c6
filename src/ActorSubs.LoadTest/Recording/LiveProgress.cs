using ActorSubs.LoadTest.Reporting.Fleet;
using Spectre.Console;

namespace ActorSubs.LoadTest.Recording;

/// <summary>
/// Samples the recorder once a second into its timeline and shows the run's progress until cancelled: a
/// Spectre.Console live table on a terminal, one plain line a second anywhere else (redirected, CI, tests).
/// A last sample is taken when cancelled, so the timeline reaches the end of the run.
/// </summary>
public static class LiveProgress
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <param name="mainLatency">the latency whose p99 the display leads with; by default the first recorded in
    /// <see cref="LatencyNames.MainOrder"/> (end-to-end, notification lateness, …, connect).</param>
    public static Task RunAsync(RunRecorder recorder, TextWriter output, CancellationToken cancellation, string? mainLatency = null) =>
        Terminal.IsInteractive(output)
            ? RunLiveAsync(recorder, Terminal.ConsoleFor(output), mainLatency, cancellation)
            : RunPlainAsync(recorder, output, mainLatency, cancellation);

    /// <summary>Samples the recorder and takes the snapshot the display shows.</summary>
    public static LiveSnapshot Tick(RunRecorder recorder, LiveSnapshot? previous, string? mainLatency)
    {
        recorder.Sample();
        return LiveSnapshot.Of(recorder.ToReport(""), previous, mainLatency);
    }

    private static async Task RunPlainAsync(RunRecorder recorder, TextWriter output, string? mainLatency, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(Interval);
        LiveSnapshot? last = null;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                last = Tick(recorder, last, mainLatency);
                output.WriteLine(last.PlainLine());
            }
        }
        catch (OperationCanceledException)
        {
            recorder.Sample();
        }
    }

    /// <summary>
    /// The table is redrawn in place each second; lines the scenario writes meanwhile (through the
    /// <see cref="TerminalWriter"/> the program's output is on a terminal) appear above it.
    /// </summary>
    private static Task RunLiveAsync(RunRecorder recorder, IAnsiConsole console, string? mainLatency, CancellationToken cancellation) =>
        console.Live(new Text($"{recorder.Scenario}: starting …"))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                using var timer = new PeriodicTimer(Interval);
                LiveSnapshot? last = null;
                try
                {
                    while (await timer.WaitForNextTickAsync(cancellation))
                    {
                        last = Tick(recorder, last, mainLatency);
                        context.UpdateTarget(last.ToTable());
                        context.Refresh();
                    }
                }
                catch (OperationCanceledException)
                {
                    context.UpdateTarget(Tick(recorder, last, mainLatency).ToTable());
                    context.Refresh();
                }
            });
}
