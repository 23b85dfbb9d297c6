using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorSubs.Testing;

namespace ActorSubs.System.Tests.Support;

/// <summary>
/// A command run as a real child process with exactly the environment a container would give it: the test runner's
/// own ASP.NET, .NET host and ActorSubs settings are removed first, so only what the test passes counts.
/// </summary>
public sealed class PlainProcess : IAsyncDisposable
{
    private static readonly string[] InheritedPrefixes = ["ActorSubs__", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "Urls"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PlainProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static PlainProcess Start(IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var plain = new PlainProcess(process);
        process.OutputDataReceived += (_, e) => plain.Append(e.Data);
        process.ErrorDataReceived += (_, e) => plain.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return plain;
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c> and the kubelet do.</summary>
    public Task TerminateAsync() => Signals.SendAsync("TERM", Id);

    public Task<bool> WaitForExitAsync(TimeSpan within) => Signals.WaitForExitAsync(_process, within);

    /// <summary>Polls <paramref name="url"/> until it answers 200; false if the process exits or time runs out first.</summary>
    public async Task<bool> AnswersOkAsync(Uri url, TimeSpan within)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK) return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        return false;
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Kills this test's own child, by its id, if a test left it running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
