using System.Diagnostics;
using System.Net;
using System.Text;

namespace ActorSubs.Testing;

/// <summary>
/// A node run as a real separate process (<c>dotnet ActorSubs.Node.dll</c> from the test output), in Production,
/// on a free HTTP port and the test's database, so a test can send it a real SIGTERM and watch it exit, or watch it
/// refuse to start.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable, INodeAddress
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<NodeProcess> StartAsync(TestDatabase database, IDictionary<string, string>? settings = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var node = Launch(database, settings ?? new Dictionary<string, string>(), unset: []);
            try
            {
                await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
                return node;
            }
            catch when (attempt < 3 && node.LostItsHttpPort())
            {
                // The port was free when it was picked, but something else took it before the node bound it: with test
                // projects running side by side, an outgoing connection's ephemeral port can be that very number.
                await node.DisposeAsync();
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Whether the node exited because its HTTP port was taken between picking it and binding it.</summary>
    private bool LostItsHttpPort()
    {
        if (!_process.HasExited) return false;
        _process.WaitForExit();   // the end of the redirected output, which names the address
        return Output.Contains($"Failed to bind to address {BaseAddress.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts a node that must refuse to start, without the variables named in <paramref name="unset"/> (the ones this
    /// class would otherwise set, such as <c>ActorSubs__Admin__ApiKey</c>), and waits until it has exited; fails if it
    /// answers ready instead or is still running after <paramref name="within"/>.
    /// </summary>
    public static async Task<NodeProcess> StartRefusedAsync(TestDatabase database, IDictionary<string, string> settings,
        IReadOnlyCollection<string> unset, TimeSpan within)
    {
        var node = Launch(database, settings, unset);
        try
        {
            using var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow + within;
            while (!node.HasExited)
            {
                if (await AnswersReadyAsync(client))
                    Assert.Fail($"the node was expected to refuse to start, but it is ready:\n{node.Output}");
                if (DateTime.UtcNow > deadline) Assert.Fail($"the node was still running {within} after its start:\n{node.Output}");
                await node.WaitForExitAsync(TimeSpan.FromMilliseconds(200));
            }
            // The exit event can fire before the last redirected lines are read: wait for the end of both streams.
            node._process.WaitForExit();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private static NodeProcess Launch(TestDatabase database, IDictionary<string, string> settings, IReadOnlyCollection<string> unset)
    {
        var ports = FreePorts.Take(2);
        var url = $"http://127.0.0.1:{ports[0]}";
        var binaries = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = binaries,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(binaries, "ActorSubs.Node.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = url;
        // appsettings.json names a URL too, and it outranks ASPNETCORE_URLS; an unprefixed variable outranks the file.
        start.Environment["Urls"] = url;
        start.Environment["ActorSubs__Cluster__Port"] = ports[1].ToString();
        start.Environment["ActorSubs__Admin__ApiKey"] = TestKeys.Operator;
        // Production wants its payment channels named; nothing these processes do reaches a real provider.
        start.Environment["ActorSubs__Payments__Provider"] = "Simulated";
        start.Environment["ActorSubs__Persistence__Provider"] = database.Provider;
        start.Environment["ActorSubs__Persistence__ConnectionString"] = database.ConnectionString;
        start.Environment[TestKeys.FailedAuthenticationLimitKey.Replace(":", "__")] = TestKeys.FailedAuthenticationLimit;
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        foreach (var key in unset)
            start.Environment.Remove(key);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(process, new Uri(url));
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestKeys.Operator);
        return client;
    }

    /// <summary>Sends SIGTERM, as Kubernetes does before it kills a pod.</summary>
    public Task TerminateAsync() => Signals.SendAsync("TERM", Id);

    /// <summary>
    /// Sends SIGKILL (a crash, an OOM kill, a pulled plug: no shutdown code runs) and waits until the process is gone,
    /// so a node started next on the same database never overlaps with this one.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) throw new InvalidOperationException($"the node had already exited with {_process.ExitCode}:\n{Output}");
        await Signals.SendAsync("KILL", Id);
        Assert.True(await WaitForExitAsync(TimeSpan.FromSeconds(30)), $"node {Id} still running 30 s after SIGKILL");
    }

    /// <summary>True when the process exited within <paramref name="within"/>.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan within) => Signals.WaitForExitAsync(_process, within);

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the node exited with {_process.ExitCode} before it was ready:\n{Output}");
            if (await AnswersReadyAsync(client)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the node at {BaseAddress} was not ready within {within}:\n{Output}");
            await Task.Delay(200);
        }
    }

    private static async Task<bool> AnswersReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/healthz/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false; // not listening yet
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Kills the process (this test's own child, by its id) if a test left it running.</summary>
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
