using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

/// <summary>
/// <c>GET /api/admin/cluster</c> (docs/api.md) on a node of its own, so the session counts are this test's alone: a device
/// and a host agent connect through the real WebSockets and the node's row counts them.
/// </summary>
public sealed class ClusterOverviewRouteSpecs : IAsyncLifetime
{
    private OwnNode _own = null!;

    private TestNode Node => _own.Node;

    public async Task InitializeAsync() => _own = await OwnNode.StartAsync(new Dictionary<string, string?>());

    public async Task DisposeAsync() => await _own.DisposeAsync();

    [Fact]
    public async Task One_node_lists_itself_up_with_its_shards_live_accounts_and_sessions_for_the_operator_only()
    {
        using var admin = Node.Client();
        using var anonymous = Node.Client(bearer: null);
        using var account = await TestAccount.SignUpAsync(Node, "ov-count");
        using var owner = Node.Client(await admin.SignUpAsync(SharedNode.NewId("ov-owner")));
        (await anonymous.GetJsonAsync("/api/admin/cluster")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await owner.GetJsonAsync("/api/admin/cluster")).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        var deviceToken = await account.AddDeviceAsync("phone", "ios");
        var hostToken = await account.AddHostAsync("mac");

        await using (var device = await WsClient.ConnectAsync(Node, "/ws/device", deviceToken))
        await using (var host = await WsClient.ConnectAsync(Node, "/ws/host", hostToken))
        {
            await device.ReceiveTypeAsync("welcome");
            await host.ReceiveTypeAsync("welcome");

            var (status, body) = await admin.GetJsonAsync("/api/admin/cluster");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(["leader", "members", "nodes", "self", "unreachable"], body!.AsObject().Select(p => p.Key).Order());
            var self = body.Text("self");
            Assert.StartsWith("akka.tcp://actorsubs@127.0.0.1:", self);
            Assert.Equal(self, body.Text("leader"));
            Assert.Empty(body["unreachable"]!.AsArray());

            var member = Assert.Single(body["members"]!.AsArray())!;
            Assert.Equal(["address", "dataCenter", "roles", "status", "upSince"], member.AsObject().Select(p => p.Key).Order());
            Assert.Equal(self, member.Text("address"));
            Assert.Equal("up", member.Text("status"));
            Assert.Empty(member["roles"]!.AsArray());
            Assert.Equal("default", member.Text("dataCenter"));
            var upSince = DateTimeOffset.ParseExact(member.Text("upSince"), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal);
            Assert.InRange(upSince, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);

            var node = Assert.Single(body["nodes"]!.AsArray())!;
            Assert.Equal(["address", "deviceSessions", "hostSessions", "liveAccounts", "shards"], node.AsObject().Select(p => p.Key).Order());
            Assert.Equal(self, node.Text("address"));
            Assert.Equal(1, Count(node, "deviceSessions"));
            Assert.Equal(1, Count(node, "hostSessions"));
            // The account just used is in memory; the licence registry and wake-up buckets are other regions.
            Assert.True(Count(node, "liveAccounts") >= 1, "the connected account is live");
            Assert.True(Count(node, "shards") >= 1, "its shard is here");
        }

        // Both sockets closed: their sessions stop and the counts fall back.
        await Eventually.AsyncValue(async () => (await admin.GetJsonAsync("/api/admin/cluster")).Body!["nodes"]![0]!,
            n => Count(n, "deviceSessions") == 0 && Count(n, "hostSessions") == 0, TimeSpan.FromSeconds(5), "sessions ended");
    }

    private static int Count(JsonNode node, string name) => node[name]!.GetValue<int>();
}
