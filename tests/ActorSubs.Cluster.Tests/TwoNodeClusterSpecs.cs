using System.Net;
using System.Net.Sockets;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.Data.Sqlite;
using static ActorSubs.Cluster.Accounts.AccountProtocol;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// Two real nodes talking over TCP on loopback: accounts are spread over both, so commands, replies and
/// licence claims cross between them through the allow-listed Hyperion serializer.
/// </summary>
public sealed class TwoNodeClusterSpecs : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "actorsubs-two-nodes", Guid.NewGuid().ToString("N"));
    private ClusterNode _first = null!;
    private ClusterNode _second = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var seedPort = FreePort();
        var seed = $"akka.tcp://{ClusterSettings.SystemName}@127.0.0.1:{seedPort}";
        _first = await ClusterNode.StartAsync(Options(seedPort, seed), TimeProvider.System);
        _second = await ClusterNode.StartAsync(Options(0, seed), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* cleaned by the OS later */ }
    }

    [Fact]
    public async Task Accounts_live_on_both_nodes_and_answer_across_them()
    {
        var ids = Enumerable.Range(0, 40).Select(i => $"two-node-{i}").ToArray();

        // Every command enters through the second node; about half the entities live on the first.
        foreach (var id in ids)
            Assert.IsType<Accepted>(await Ask(_second, id, new AccountCommands.CreateAccount(new AccountId(id), $"{id}@example.com", "hash")));
        var views = await Task.WhenAll(ids.Select(id => Ask(_second, id,
            new AccountCommands.Purchase(Plan.Annual, Channel.Web, new TransactionId("tx-" + id)))));

        Assert.All(views, reply => Assert.Equal(Tier.Paid, Assert.IsType<Accepted>(reply).View.Subscription.Tier));
        var stats = await _first.Accounts.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10));
        Assert.Equal(2, stats.Regions.Count);
        Assert.All(stats.Regions.Values, region => Assert.NotEmpty(region.Stats));
    }

    [Fact]
    public async Task A_licence_key_claimed_through_one_node_is_refused_through_the_other()
    {
        foreach (var id in new[] { "claim-a", "claim-b" })
            await Ask(_first, id, new AccountCommands.CreateAccount(new AccountId(id), $"{id}@example.com", "hash"));
        var key = new LicenceKey("TWO-NODE-KEY-1");

        var first = await Ask(_first, "claim-a", new AccountCommands.RegisterLicence(key, LicenceProduct.DesktopProSubscription));
        var second = await Ask(_second, "claim-b", new AccountCommands.RegisterLicence(key, LicenceProduct.DesktopProSubscription));

        Assert.IsType<Accepted>(first);
        Assert.Equal(RejectionCodes.LicenceAlreadyRegistered, Assert.IsType<Rejected>(second).Rejection.Code);
    }

    private static Task<Reply> Ask(ClusterNode node, string accountId, IAccountCommand command) =>
        node.Accounts.Ask<Reply>(new Execute(accountId, command, Caller.Operator), TimeSpan.FromSeconds(20));

    private ActorSubsClusterOptions Options(int port, string seed) => new(
        new ClusterSettings { Port = port, SeedNodes = [seed] },
        new PersistenceSettings { Provider = PersistenceProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_folder, "journal.db")}" },
        new EntitySettings { NumberOfShards = 20 },
        new SubscriptionOptions());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
