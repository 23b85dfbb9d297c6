using System.Diagnostics.Tracing;
using ActorSubs.LoadTest.Cli;
using Microsoft.Diagnostics.NETCore.Client;

namespace ActorSubs.LoadTest.Scenarios.Fleet;

/// <summary>A node process on this machine: checked to be an ActorSubs node, and made to collect its garbage on demand.</summary>
public static class NodeProcess
{
    /// <summary>GCHeapCollect: enabling it on the runtime provider induces a full blocking collection (dotnet-gcdump's trick).</summary>
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>Refuses a PID that is not an ActorSubs.Node process of this machine.</summary>
    public static void Check(int pid, string option)
    {
        string commandLine;
        try { commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { throw new UsageException($"--{option}: no process {pid} on this machine."); }
        catch (UnauthorizedAccessException) { throw new UsageException($"--{option}: process {pid} cannot be inspected."); }
        if (!commandLine.Contains("ActorSubs.Node", StringComparison.Ordinal))
            throw new UsageException($"--{option}: process {pid} is not an ActorSubs.Node ({commandLine.Trim()}).");
    }

    /// <summary>
    /// Induces a full garbage collection in the node through its diagnostics port, so its <c>dotnet_total_memory_bytes</c>
    /// is live data rather than live data plus whatever garbage the last runs left. False when the port cannot be used.
    /// </summary>
    public static async Task<bool> CollectGarbageAsync(int pid, CancellationToken cancellation)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            var providers = new[] { new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcHeapCollectKeyword) };
            using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: false, circularBufferMB: 16, cancellation);
            // The collection runs as the session starts; drain the stream briefly so the runtime is not blocked writing it.
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            drain.CancelAfter(TimeSpan.FromSeconds(2));
            var buffer = new byte[64 * 1024];
            try
            {
                while (await session.EventStream.ReadAsync(buffer, drain.Token) > 0)
                {
                }
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
            }
            await session.StopAsync(cancellation);
            return true;
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or ServerErrorException or IOException
                                       or TimeoutException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
