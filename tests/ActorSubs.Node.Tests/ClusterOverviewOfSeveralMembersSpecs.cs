using System.Net;
using System.Text.Json.Nodes;

namespace ActorSubs.Node.Tests;

/// <summary>
/// <c>GET /api/admin/cluster</c> (docs/api.md) on a cluster of three real nodes over loopback TCP, each with roles of its
/// own: whichever node is asked lists every member Up with that member's roles, agrees on the leader, and has a row of
/// counts for every node.
/// </summary>
public sealed class ClusterOverviewOfSeveralMembersSpecs
{
    private static readonly string[][] RolesOfEachNode = [["api", "gateway"], ["api"], []];

    [Fact]
    public async Task Every_node_lists_all_three_members_up_with_their_own_roles_and_the_same_leader()
    {
        // Arrange
        using var database = TestDatabase.Sqlite();
        var remotingPorts = FreePorts.Take(RolesOfEachNode.Length);
        var seed = $"akka.tcp://actorsubs@127.0.0.1:{remotingPorts[0]}";
        var nodes = new List<TestNode>();
        try
        {
            for (var i = 0; i < RolesOfEachNode.Length; i++)
                nodes.Add(await TestNode.StartAsync(database, NodeSettings(remotingPorts[i], seed, RolesOfEachNode[i])));
            var selves = new List<string>();
            foreach (var node in nodes)
            {
                using var client = node.Client();
                selves.Add((await client.GetJsonAsync("/api/admin/cluster")).Body.Text("self"));
            }
            var expectedRoles = selves.Zip(RolesOfEachNode, (self, roles) => (self, roles)).ToDictionary(p => p.self, p => p.roles.Order(StringComparer.Ordinal).ToArray());

            foreach (var node in nodes)
            {
                // Act
                using var client = node.Client();
                var view = await Eventually.AsyncValue(() => client.GetJsonAsync("/api/admin/cluster"),
                    r => r.Status == HttpStatusCode.OK && Members(r.Body).Count(m => m.Text("status") == "up") == nodes.Count,
                    TimeSpan.FromSeconds(30), $"{node.BaseAddress} sees {nodes.Count} members up");

                // Assert
                var body = view.Body!;
                Assert.Equal(selves.Order(), Members(body).Select(m => m.Text("address")).Order());
                foreach (var member in Members(body))
                {
                    Assert.Equal("up", member.Text("status"));
                    Assert.Equal(expectedRoles[member.Text("address")], member["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
                    Assert.Equal("default", member.Text("dataCenter"));
                    Assert.NotEqual("<missing>", member.Text("upSince"));
                }
                Assert.Contains(body.Text("leader"), selves);
                Assert.Empty(body["unreachable"]!.AsArray());
                var rows = body["nodes"]!.AsArray().Select(n => n!).ToArray();
                Assert.Equal(selves.Order(), rows.Select(n => n.Text("address")).Order());
                Assert.All(rows, n => Assert.Equal((0, 0), (n["deviceSessions"]!.GetValue<int>(), n["hostSessions"]!.GetValue<int>())));
            }
            var leaders = new HashSet<string>();
            foreach (var node in nodes)
            {
                using var client = node.Client();
                leaders.Add((await client.GetJsonAsync("/api/admin/cluster")).Body.Text("leader"));
            }
            Assert.Single(leaders);
        }
        finally
        {
            // The last started leaves first, the seed last, as a rolling stop would.
            for (var i = nodes.Count - 1; i >= 0; i--) await nodes[i].DisposeAsync();
        }
    }

    private static Dictionary<string, string?> NodeSettings(int remotingPort, string seed, string[] roles)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ActorSubs:Cluster:Port"] = remotingPort.ToString(),
            ["ActorSubs:Cluster:SeedNodes:0"] = seed,
            // Counts come from every member's answer; on a loaded machine the default 2 s can pass and leave them null.
            ["ActorSubs:Cluster:OverviewTimeout"] = "00:00:10",
        };
        for (var i = 0; i < roles.Length; i++) settings[$"ActorSubs:Cluster:Roles:{i}"] = roles[i];
        return settings;
    }

    private static IEnumerable<JsonNode> Members(JsonNode? view) => view?["members"]?.AsArray().Select(m => m!) ?? [];
}
