using System.Globalization;

namespace ActorSubs.LoadTest.Recording;

/// <summary>Samples the recorder once a second into its timeline and shows the run's progress until cancelled.</summary>
public static class LiveProgress
{
    public static async Task RunAsync(RunRecorder recorder, TextWriter output, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                recorder.Sample();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {recorder.Elapsed.TotalSeconds,6:0} s  connected {recorder.ConnectedNow,7}  errors {ErrorCount(recorder),6}"));
            }
        }
        catch (OperationCanceledException)
        {
            recorder.Sample();
        }
    }

    private static long ErrorCount(RunRecorder recorder) => recorder.ToReport("").CountersUnder(Counters.ErrorPrefix).Values.Sum();
}
