using System.Text.RegularExpressions;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Payments;
using ActorSubs.Node.Configuration;
using ActorSubs.System.Tests.Support;

namespace ActorSubs.System.Tests;

/// <summary>docker/compose.yaml: PostgreSQL and three nodes that the node itself would accept and that find each other.</summary>
public sealed class ComposeSpecs
{
    private readonly ComposeFile _compose = ComposeFile.Load(RepoFiles.Compose);
    private readonly Dockerfile _dockerfile = Dockerfile.Load(RepoFiles.Dockerfile);

    [Fact]
    public void There_is_a_PostgreSQL_15_service_and_three_nodes_built_from_the_Dockerfile()
    {
        var postgres = Assert.Single(_compose.Services, s => s.Image?.StartsWith("postgres:", StringComparison.Ordinal) == true);
        Assert.Equal("postgres:15", postgres.Image);
        Assert.True(postgres.Definition["healthcheck"]["test"].Exists, "postgres has no healthcheck for the nodes to wait on");
        Assert.Equal(3, _compose.Nodes.Count);
        Assert.All(_compose.Nodes, n => Assert.Equal("docker/Dockerfile", n.Definition["build"]["dockerfile"].Text));
    }

    [Fact]
    public void Every_ActorSubs_variable_binds_to_an_option_of_the_node()
    {
        var problems = _compose.Nodes
            .SelectMany(n => n.Environment.Where(e => e.Key.StartsWith("ActorSubs__", StringComparison.Ordinal))
                .Select(e => OptionsCatalog.Problem(e.Key, e.Value)))
            .OfType<string>().Distinct().ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Each_node_validates_as_the_node_would_and_uses_PostgreSQL_on_the_postgres_service()
    {
        foreach (var node in _compose.Nodes)
        {
            NodeSettings.Read<ClusterSettings>(node.Environment, ClusterSettings.Section, o => o.Validate());
            var persistence = NodeSettings.Read<PersistenceSettings>(node.Environment, PersistenceSettings.Section, o => o.Validate());
            Assert.Equal(PersistenceProvider.PostgreSql, persistence.Provider);
            var host = Regex.Match(persistence.ConnectionString, @"Host=([^;]+)").Groups[1].Value;
            Assert.Equal("postgres", host);
            Assert.Contains(_compose.Services, s => s.Name == host);
            // The image runs in Production, where the node refuses a missing or short operator key.
            var admin = NodeSettings.Read<AdminOptions>(node.Environment, AdminOptions.Section, _ => []);
            Assert.True(admin.ApiKey?.Length >= AdminOptions.MinimumLength, $"{node.Name}: operator key shorter than {AdminOptions.MinimumLength}");
            // ... and a node without a payment provider named (the node's own validator throws if it is missing).
            Assert.NotNull(NodeSettings.Read<PaymentOptions>(node.Environment, PaymentOptions.Section, _ => []).Provider);
        }
    }

    [Fact]
    public void Each_node_advertises_its_service_name_and_every_node_is_a_seed_on_the_remoting_port()
    {
        var names = _compose.Nodes.Select(n => n.Name).ToHashSet();
        foreach (var node in _compose.Nodes)
        {
            var cluster = NodeSettings.Read<ClusterSettings>(node.Environment, ClusterSettings.Section, o => o.Validate());
            Assert.Equal(node.Name, cluster.Hostname);
            var seeds = cluster.SeedNodes.Select(s => Regex.Match(s, @"^akka\.tcp://(?<system>[^@]+)@(?<host>[^:]+):(?<port>\d+)$")).ToList();
            Assert.All(seeds, s => Assert.True(s.Success, $"{node.Name}: seed {s.Value} is not akka.tcp://system@host:port"));
            Assert.All(seeds, s => Assert.Equal(ClusterSettings.SystemName, s.Groups["system"].Value));
            Assert.Equal(names, seeds.Select(s => s.Groups["host"].Value).ToHashSet());
            foreach (var seed in seeds)
            {
                var target = _compose.Service(seed.Groups["host"].Value);
                var targetPort = NodeSettings.Read<ClusterSettings>(target.Environment, ClusterSettings.Section, o => o.Validate()).Port;
                Assert.Equal(targetPort.ToString(), seed.Groups["port"].Value);
                Assert.Contains(targetPort, _dockerfile.ExposedPorts);
            }
        }
    }

    [Fact]
    public void Each_node_publishes_its_own_localhost_port_on_the_http_port_of_the_image()
    {
        var hostPorts = new HashSet<string>();
        foreach (var node in _compose.Nodes)
        {
            var mapping = Assert.Single(node.Definition["ports"].Items).Text!;
            var parts = mapping.Split(':');
            Assert.Equal(_dockerfile.HttpPort.ToString(), parts[^1]);
            Assert.Equal("127.0.0.1", parts[0]);
            Assert.True(hostPorts.Add(parts[^2]), $"host port {parts[^2]} published twice");
        }
    }

    [Fact]
    public void Nodes_check_a_health_route_on_the_http_port_and_wait_for_a_healthy_database()
    {
        foreach (var node in _compose.Nodes)
        {
            var test = string.Join(' ', node.Definition["healthcheck"]["test"].Items.Select(i => i.Text));
            var url = Regex.Match(test, @"http://[^\s""']+").Value;
            Assert.Contains(url, new[] { $"http://127.0.0.1:{_dockerfile.HttpPort}{NodeRoutes.Ready}", $"http://127.0.0.1:{_dockerfile.HttpPort}{NodeRoutes.Live}" });
            Assert.Equal("service_healthy", node.Definition["depends_on"]["postgres"]["condition"].Text);
        }
    }

    [Fact]
    public void Docker_waits_for_the_drain_and_the_cluster_leave_before_it_kills_a_node()
    {
        foreach (var node in _compose.Nodes)
        {
            var grace = node.Definition["stop_grace_period"].Text;
            Assert.True(grace is not null, $"{node.Name}: no stop_grace_period (Docker's default is 10 s)");
            Assert.True(ComposeFile.Duration(grace!) >= ShutdownBudget.Node,
                $"{node.Name}: stop_grace_period {grace} is shorter than the node's shutdown ({ShutdownBudget.Node.TotalSeconds} s)");
        }
    }
}
