using System.Net;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

/// <summary>
/// Two nodes in one cluster over TCP: devices connect to one node while their accounts live on either, so
/// attach, notifications, the cut and the relay cross nodes.
/// </summary>
public sealed class TwoNodeGatewaySpecs
{
    [Fact]
    public async Task Devices_on_one_node_are_told_and_cut_by_accounts_on_either_node_and_relay_to_hosts_on_the_other()
    {
        using var database = TestDatabase.Sqlite();
        var seedPort = FreePorts.Take();
        var limit = new Dictionary<string, string?> { ["ActorSubs:Subscriptions:ExpiredSessionLimit"] = "00:00:02" };
        await using var first = await TestNode.StartAsync(database, new Dictionary<string, string?>(limit)
        {
            ["ActorSubs:Cluster:Port"] = seedPort.ToString(),
            ["ActorSubs:Cluster:SeedNodes:0"] = $"akka.tcp://actorsubs@127.0.0.1:{seedPort}",
        });
        await using var second = await TestNode.StartAsync(database, new Dictionary<string, string?>(limit)
        {
            ["ActorSubs:Cluster:SeedNodes:0"] = $"akka.tcp://actorsubs@127.0.0.1:{seedPort}",
        });
        using var admin = second.Client();
        await Eventually.AsyncValue(() => admin.GetJsonAsync("/api/admin/cluster"),
            read => read.Status == HttpStatusCode.OK && read.Body!["members"]!.AsArray().Count == 2,
            TimeSpan.FromSeconds(20), "both nodes are members");

        // Eight accounts, made through the second node; their entities spread over both nodes.
        var accounts = new List<(string Id, string DeviceToken, string HostToken)>();
        for (var i = 0; i < 8; i++)
        {
            var id = SharedNode.NewId($"two-{i}");
            await admin.SignUpAsync(id);
            var device = (await admin.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "Phone" })).Body.Text("token");
            var host = (await admin.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "mac", name = "Mac" })).Body.Text("token");
            accounts.Add((id, device, host));
        }
        var shards = (await admin.GetJsonAsync("/api/admin/cluster")).Body!["nodes"]!.AsArray().Select(m => m!["shards"]!.GetValue<int>()).ToArray();
        Assert.All(shards, count => Assert.True(count > 0, "both nodes host account shards"));

        // Devices on the first node, hosts on the second.
        var devices = new List<WsClient>();
        var hosts = new List<WsClient>();
        try
        {
            foreach (var account in accounts)
            {
                var device = await WsClient.ConnectAsync(first, "/ws/device", account.DeviceToken);
                devices.Add(device);
                await device.ReceiveTypeAsync("welcome");
                var host = await WsClient.ConnectAsync(second, "/ws/host", account.HostToken);
                hosts.Add(host);
                await host.ReceiveTypeAsync("welcome");
            }

            // Either node's overview counts each node's own sessions: the devices on the first, the agents on the second.
            using (var firstAdmin = first.Client())
            {
                var firstAddress = (await firstAdmin.GetJsonAsync("/api/admin/cluster")).Body.Text("self");
                var nodes = (await admin.GetJsonAsync("/api/admin/cluster")).Body!["nodes"]!.AsArray();
                Assert.Equal(accounts.Count, nodes.Sum(node => node!["liveAccounts"]!.GetValue<int>()));
                foreach (var node in nodes)
                {
                    var onFirst = node.Text("address") == firstAddress;
                    Assert.Equal(onFirst ? accounts.Count : 0, node!["deviceSessions"]!.GetValue<int>());
                    Assert.Equal(onFirst ? 0 : accounts.Count, node["hostSessions"]!.GetValue<int>());
                }
            }

            // Relay across nodes for every account.
            for (var i = 0; i < accounts.Count; i++)
            {
                await devices[i].SendAsync(new { type = "open", hostId = "mac" });
                var open = await hosts[i].ReceiveTypeAsync("open");
                await hosts[i].SendAsync(new { type = "accept", channelId = open.Text("channelId") });
                var opened = await devices[i].ReceiveTypeAsync("opened");
                await devices[i].SendAsync(new { type = "data", channelId = opened.Text("channelId"), payload = new { n = i } });
                var data = await hosts[i].ReceiveTypeAsync("data");
                Assert.Equal(i, data!["payload"]!["n"]!.GetValue<int>());
            }

            // Every subscription expires through the second node; every device on the first is told and cut.
            var expiresAt = DateTimeOffset.UtcNow.AddSeconds(1);
            foreach (var account in accounts)
                Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/api/admin/accounts/{account.Id}/subscription",
                    new { expiresAt = expiresAt.ToString("O") })).Status);
            foreach (var device in devices)
            {
                var expired = await device.ReceiveNotificationAsync("subscription-expired", TimeSpan.FromSeconds(10));
                Assert.Equal("buy-in-app-store", expired.Text("data.prompt.action"));
                Assert.True(DateTimeOffset.UtcNow - expiresAt < TimeSpan.FromSeconds(2), "told at the expiry, across nodes");
            }
            foreach (var device in devices)
                Assert.Equal(4001, (await device.ReceiveCloseAsync(TimeSpan.FromSeconds(15))).Code);
            foreach (var host in hosts)
                await host.ReceiveTypeAsync("close", TimeSpan.FromSeconds(10));
        }
        finally
        {
            foreach (var client in devices.Concat(hosts)) await client.DisposeAsync();
        }
    }
}
