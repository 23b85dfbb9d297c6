using System.Text.RegularExpressions;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Node;
using ActorSubs.System.Tests.Support;

namespace ActorSubs.System.Tests;

/// <summary>docker/Dockerfile builds the node and runs it the way the compose file and the k8s manifests expect.</summary>
public sealed class DockerfileSpecs
{
    private readonly Dockerfile _dockerfile = Dockerfile.Load(RepoFiles.Dockerfile);

    [Fact]
    public void An_sdk_stage_publishes_the_node_and_the_final_stage_is_the_aspnet_runtime_of_the_same_version()
    {
        var framework = Regex.Match(File.ReadAllText(Path.Combine(RepoFiles.Root, "Directory.Build.props")), @"<TargetFramework>net(\d+\.\d+)</TargetFramework>").Groups[1].Value;
        Assert.True(_dockerfile.Stages.Count >= 2, "not a multi-stage build");
        var build = _dockerfile.Stages.SingleOrDefault(s => s.Arguments("RUN").Any(r => r.Contains("dotnet publish") && r.Contains("src/ActorSubs.Node")));
        Assert.True(build is not null, "no stage runs dotnet publish of src/ActorSubs.Node");
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{framework}", build!.Image);
        Assert.Contains("-c Release", build.Arguments("RUN").First(r => r.Contains("dotnet publish")));
        Assert.Equal($"mcr.microsoft.com/dotnet/aspnet:{framework}", _dockerfile.Final.Image);
        Assert.Contains(_dockerfile.Final.Arguments("COPY"), c => c.StartsWith($"--from={build.Name} ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_final_stage_runs_as_a_numeric_non_root_user()
    {
        var user = _dockerfile.User;
        Assert.True(user is not null, "the final stage has no USER: the container would run as root");
        // $APP_UID is the aspnet image's own numeric "app" user (1654); a name would defeat runAsNonRoot's check.
        var numeric = user is "$APP_UID" or "${APP_UID}" || (int.TryParse(user, out var uid) && uid > 0);
        Assert.True(numeric, $"USER {user} is not a numeric non-root user");
    }

    [Fact]
    public void The_working_directory_holds_the_published_node_so_it_finds_its_appsettings()
    {
        Assert.Equal("/app", _dockerfile.WorkingDirectory);
        var copy = _dockerfile.Final.Arguments("COPY").Single(c => c.StartsWith("--from=", StringComparison.Ordinal)).Split(' ');
        Assert.Contains(copy[^1], new[] { ".", "./", "/app", "/app/" });
        Assert.Contains(_dockerfile.Final.Arguments("RUN"), r => r.Contains("/app/data") && r.Contains("chown"));
    }

    [Fact]
    public void The_entrypoint_runs_the_node_assembly_with_dotnet()
    {
        var assembly = typeof(NodeSetup).Assembly.GetName().Name + ".dll";
        Assert.Equal(["dotnet", assembly], _dockerfile.Entrypoint);
    }

    [Fact]
    public void The_http_address_is_set_through_Urls_which_outranks_appsettings()
    {
        Assert.False(string.IsNullOrEmpty(_dockerfile.UrlsVariable.Key), "the final stage sets no Urls (ASPNETCORE_URLS and ASPNETCORE_HTTP_PORTS lose to appsettings.json's Urls)");
        Assert.StartsWith("http://+:", _dockerfile.UrlsVariable.Value);
        Assert.NotNull(_dockerfile.HttpPort);
    }

    [Fact]
    public void The_healthcheck_asks_the_liveness_route_on_the_http_port()
    {
        var check = _dockerfile.HealthCheck;
        Assert.True(check is not null, "no HEALTHCHECK");
        var url = Regex.Match(check!, @"http://[^\s""']+").Value;
        Assert.Equal($"http://127.0.0.1:{_dockerfile.HttpPort}{NodeRoutes.Live}", url);
        // The aspnet image has no HTTP client of its own: whatever the check calls must be installed.
        var tool = Regex.Match(check!, @"CMD\s+\[?""?(\w+)").Groups[1].Value;
        Assert.Contains(_dockerfile.Final.Arguments("RUN"), r => r.Contains($"install") && r.Contains(tool));
    }

    [Fact]
    public void The_http_remoting_and_management_ports_are_exposed()
    {
        var defaults = new ClusterSettings();
        Assert.Contains(_dockerfile.HttpPort!.Value, _dockerfile.ExposedPorts);
        Assert.Contains(defaults.Port, _dockerfile.ExposedPorts);
        Assert.Contains(defaults.ManagementPort, _dockerfile.ExposedPorts);
    }
}
