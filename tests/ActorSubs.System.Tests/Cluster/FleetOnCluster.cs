using System.Net;
using System.Text.Json.Nodes;
using ActorSubs.Testing;

namespace ActorSubs.System.Tests.Cluster;

/// <summary>Accounts with one device each, made through a cluster's nodes in turn, and the checks the cluster specs share.</summary>
public sealed record FleetAccount(string Id, string DeviceToken);

public static class FleetOnCluster
{
    /// <summary>Signs up <paramref name="count"/> accounts (through each node in turn), registers a phone on each and buys a year.</summary>
    public static async Task<IReadOnlyList<FleetAccount>> ProvisionAsync(IReadOnlyList<NodeProcess> nodes, string prefix, int count)
    {
        var clients = nodes.Select(n => n.Client()).ToArray();
        try
        {
            return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                var client = clients[i % clients.Length];
                var id = $"{prefix}-{i:D3}-{Guid.NewGuid():N}"[..24];
                await client.SignUpAsync(id);
                var device = await client.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "Phone" });
                Assert.True(device.Status == HttpStatusCode.Created, $"device of {id}: {device.Status} {device.Body}");
                await PurchaseAsync(client, id, $"tx-{id}");
                return new FleetAccount(id, device.Body.Text("token"));
            }));
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    public static async Task PurchaseAsync(HttpClient client, string accountId, string transactionId)
    {
        var bought = await client.PostJsonAsync($"/api/accounts/{accountId}/purchases", new { plan = "annual", channel = "web", transactionId });
        Assert.True(bought.Status == HttpStatusCode.OK, $"purchase {transactionId} of {accountId}: {bought.Status} {bought.Body}");
    }

    /// <summary>True when the account answers through <paramref name="client"/> within a short timeout, paid for a year.</summary>
    public static async Task<bool> IsServedPaidAsync(HttpClient client, string accountId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            using var response = await client.GetAsync($"/api/accounts/{accountId}", timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK) return false;
            var view = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            return view.Text("subscription.tier") == "paid" && view.Text("subscription.plan") == "annual";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Every subscription expires at <paramref name="instant"/> (a trial: no billing grace), through the node given.</summary>
    public static async Task ExpireAllAtAsync(HttpClient client, IEnumerable<FleetAccount> accounts, DateTimeOffset instant)
    {
        await Task.WhenAll(accounts.Select(async a =>
        {
            var adjusted = await client.PutJsonAsync($"/api/admin/accounts/{a.Id}/subscription", new { expiresAt = instant, tier = "trial" });
            Assert.True(adjusted.Status == HttpStatusCode.OK, $"expiry of {a.Id}: {adjusted.Status} {adjusted.Body}");
        }));
    }

    /// <summary>Live accounts per node address, from the cluster route.</summary>
    public static Task<IReadOnlyDictionary<string, int>> LiveAccountsPerNodeAsync(HttpClient client) => PerNodeAsync(client, "liveAccounts");

    /// <summary>Account shards per node address, from the cluster route.</summary>
    public static Task<IReadOnlyDictionary<string, int>> ShardsPerNodeAsync(HttpClient client) => PerNodeAsync(client, "shards");

    private static async Task<IReadOnlyDictionary<string, int>> PerNodeAsync(HttpClient client, string figure)
    {
        var (status, body) = await client.GetJsonAsync("/api/admin/cluster");
        Assert.True(status == HttpStatusCode.OK, $"cluster: {status} {body}");
        var nodes = body?["nodes"]?.AsArray() ?? throw new InvalidOperationException($"the cluster route has no 'nodes': {body}");
        return nodes.ToDictionary(n => n.Text("address"), n => n?[figure]?.GetValue<int>() ?? 0);
    }

    /// <summary>This node's own cluster address (akka.tcp://actorsubs@host:port).</summary>
    public static async Task<string> SelfAddressAsync(HttpClient client) => (await client.GetJsonAsync("/api/admin/cluster")).Body.Text("self");
}
