using System.Diagnostics;

namespace ActorSubs.Testing;

/// <summary>POSIX signals to a test's own child processes, and waiting for them to end.</summary>
public static class Signals
{
    /// <summary>Sends <paramref name="signal"/> (TERM, KILL, STOP, CONT) with kill(1) and checks it was delivered.</summary>
    public static async Task SendAsync(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString() }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {pid} failed with {kill.ExitCode}");
    }

    /// <summary>True when the process exited within <paramref name="within"/>.</summary>
    public static async Task<bool> WaitForExitAsync(Process process, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
