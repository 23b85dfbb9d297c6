using System.Net;
using System.Text.Json.Nodes;
using ActorSubs.Testing;

namespace ActorSubs.System.Tests.Support;

/// <summary>
/// Real node processes on loopback forming one cluster over TCP on one PostgreSQL database: the first two are the seed
/// nodes of every node (the first forms the cluster if it finds no other), each has its own HTTP and remoting port.
/// </summary>
public sealed class NodeCluster : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string[] _seeds;
    private readonly List<NodeProcess> _nodes = [];

    private NodeCluster(TestDatabase database, IReadOnlyDictionary<string, string> settings, string[] seeds)
    {
        _database = database;
        _settings = settings;
        _seeds = seeds;
    }

    /// <summary>Every node started so far, in start order (stopped ones included).</summary>
    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    public NodeProcess this[int index] => _nodes[index];

    /// <summary>Starts <paramref name="count"/> nodes at once and waits until each is ready (a member, Up, journal reachable).</summary>
    public static async Task<NodeCluster> StartAsync(int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await TestDatabase.PostgresAsync();
        var ports = FreePorts.Take(count);
        var seeds = ports.Take(2).Select(p => $"akka.tcp://actorsubs@127.0.0.1:{p}").ToArray();
        var cluster = new NodeCluster(database, settings ?? new Dictionary<string, string>(), seeds);
        try
        {
            var nodes = await Task.WhenAll(ports.Select(cluster.StartNodeAsync));
            cluster._nodes.AddRange(nodes);
            await cluster.WaitForUpMembersAsync(count, TimeSpan.FromSeconds(60));
            await cluster.WarmUpAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>One more node joins (through the seeds) and is ready.</summary>
    public async Task<NodeProcess> AddNodeAsync()
    {
        var node = await StartNodeAsync(FreePorts.Take());
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until <paramref name="through"/> (by default the first live node) sees exactly this many members Up.</summary>
    public async Task<JsonNode> WaitForUpMembersAsync(int count, TimeSpan within, NodeProcess? through = null)
    {
        var node = through ?? _nodes.First(n => !n.HasExited);
        using var client = node.Client();
        JsonNode? last = null;
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var (status, body) = await client.GetJsonAsync("/api/admin/cluster");
                last = body;
                if (status == HttpStatusCode.OK && UpMembers(body) == count) return body!;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // the node is busy joining; ask again
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{node.BaseAddress} did not see {count} members Up within {within}: {last}");
    }

    /// <summary>
    /// A cluster that has just formed allocates each account shard for the first time, one coordinator update after
    /// another, on processes still compiling their code: the first requests of a fresh cluster on two cores took 3–5 s
    /// each and some passed the 10 s ask timeout. Asking for unknown accounts through every node until each answers
    /// (404) allocates the shards, so a spec measures the behaviour it is about, not the first start.
    /// </summary>
    private async Task WarmUpAsync(TimeSpan within)
    {
        var clients = _nodes.Select(n => n.Client()).ToArray();
        try
        {
            var deadline = DateTime.UtcNow + within;
            await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            {
                while (true)
                {
                    var (status, body) = await clients[i % clients.Length].GetJsonAsync($"/api/accounts/warm-up-{i}");
                    if (status == HttpStatusCode.NotFound) return;
                    if (DateTime.UtcNow > deadline) throw new TimeoutException($"warm-up request {i} still answered {status} {body}");
                    await Task.Delay(100);
                }
            }));
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static int UpMembers(JsonNode? cluster) =>
        cluster?["members"]?.AsArray().Count(m => m?["status"]?.GetValue<string>() == "up") ?? -1;

    private Task<NodeProcess> StartNodeAsync(int remotingPort)
    {
        var settings = new Dictionary<string, string>(_settings)
        {
            ["ActorSubs__Cluster__Hostname"] = "127.0.0.1",
            ["ActorSubs__Cluster__Port"] = remotingPort.ToString(),
        };
        for (var i = 0; i < _seeds.Length; i++) settings[$"ActorSubs__Cluster__SeedNodes__{i}"] = _seeds[i];
        return NodeProcess.StartAsync(_database, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
        _database.Dispose();
    }
}
