using System.Diagnostics;
using System.Text.RegularExpressions;
using ActorSubs.System.Tests.Support;
using Xunit.Abstractions;

namespace ActorSubs.System.Tests;

/// <summary>
/// No container engine runs here, so the image's command is run as a plain process instead: the Dockerfile's
/// ENTRYPOINT and ENV, in the node's build output as its working directory (the image's WORKDIR), with node1's
/// environment from the compose file. Only what cannot run here is swapped: SQLite for the PostgreSQL service, and
/// free loopback ports for the service names and the container ports.
/// </summary>
public sealed class ImageCommandSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task The_image_command_with_node1_settings_serves_its_health_routes_and_exits_cleanly_on_SIGTERM()
    {
        var dockerfile = Dockerfile.Load(RepoFiles.Dockerfile);
        var compose = ComposeFile.Load(RepoFiles.Compose);
        var node = compose.Nodes[0];
        var workingDirectory = AppContext.BaseDirectory;
        Assert.True(File.Exists(Path.Combine(workingDirectory, dockerfile.Entrypoint[^1])), $"{dockerfile.Entrypoint[^1]} is not in {workingDirectory}");

        var data = Directory.CreateTempSubdirectory("actorsubs-image-");
        try
        {
            var httpPort = PlainProcess.FreeLoopbackPort();
            var remotingPorts = compose.Nodes.ToDictionary(n => n.Name, _ => PlainProcess.FreeLoopbackPort());
            var environment = ImageEnvironment(dockerfile, httpPort);
            foreach (var (key, value) in node.Environment)
                environment[key] = SeedsOnLoopback(value, remotingPorts);
            environment["ActorSubs__Cluster__Hostname"] = "127.0.0.1";
            environment["ActorSubs__Cluster__Port"] = remotingPorts[node.Name].ToString();
            environment["ActorSubs__Persistence__Provider"] = "Sqlite";
            environment["ActorSubs__Persistence__ConnectionString"] = $"Data Source={Path.Combine(data.FullName, "actorsubs.db")}";

            await using var process = PlainProcess.Start(dockerfile.Entrypoint, workingDirectory, environment);
            var baseAddress = new Uri($"http://127.0.0.1:{httpPort}");
            Assert.True(await process.AnswersOkAsync(new Uri(baseAddress, NodeRoutes.Live), TimeSpan.FromSeconds(60)),
                $"{NodeRoutes.Live} did not answer 200 on the image's Urls port:\n{process.Output}");
            // Ready once node1, the first seed, has found no other seed and formed the cluster itself.
            Assert.True(await process.AnswersOkAsync(new Uri(baseAddress, NodeRoutes.Ready), TimeSpan.FromSeconds(60)),
                $"{NodeRoutes.Ready} did not answer 200:\n{process.Output}");
            foreach (var path in ProbePaths(dockerfile, compose))
                Assert.True(await process.AnswersOkAsync(new Uri(baseAddress, path), TimeSpan.FromSeconds(5)), $"probe path {path} is not a route of the node");

            var grace = ComposeFile.Duration(node.Definition["stop_grace_period"].Text!);
            var stopping = Stopwatch.StartNew();
            await process.TerminateAsync();
            Assert.True(await process.WaitForExitAsync(grace), $"still running {grace} after SIGTERM (Docker would SIGKILL it):\n{process.Output}");
            output.WriteLine($"exited {stopping.ElapsedMilliseconds} ms after SIGTERM (grace {grace})");
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{process.Output}");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>The image's ENV, its Urls on a free loopback port instead of every interface's 8080; the variable name stays.</summary>
    private static Dictionary<string, string> ImageEnvironment(Dockerfile dockerfile, int httpPort)
    {
        var environment = dockerfile.Environment.ToDictionary(e => e.Key, e => e.Value);
        var urls = dockerfile.UrlsVariable;
        environment[urls.Key] = urls.Value.Replace("+", "127.0.0.1").Replace($":{dockerfile.HttpPort}", $":{httpPort}");
        return environment;
    }

    /// <summary>akka.tcp://actorsubs@node2:4053 → akka.tcp://actorsubs@127.0.0.1:{node2's free port} (nothing listens there).</summary>
    private static string SeedsOnLoopback(string value, IReadOnlyDictionary<string, int> remotingPorts) =>
        Regex.Replace(value, @"@(?<host>[^:/]+):\d+", m =>
            remotingPorts.TryGetValue(m.Groups["host"].Value, out var port) ? $"@127.0.0.1:{port}" : m.Value);

    private static IEnumerable<string> ProbePaths(Dockerfile dockerfile, ComposeFile compose)
    {
        var checks = compose.Services.Select(s => string.Join(' ', s.Definition["healthcheck"]["test"].Items.Select(i => i.Text)))
            .Append(dockerfile.HealthCheck ?? "");
        return checks.SelectMany(c => Regex.Matches(c, @"http://[^/\s""']+(?<path>/[^\s""']*)").Select(m => m.Groups["path"].Value)).Distinct();
    }
}
