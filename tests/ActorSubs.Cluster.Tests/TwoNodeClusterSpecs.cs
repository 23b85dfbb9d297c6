using System.Net;
using System.Net.Sockets;
using Mailbox = System.Threading.Channels.Channel;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.Data.Sqlite;
using static ActorSubs.Cluster.Accounts.AccountProtocol;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

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

    [Fact]
    public async Task An_accounts_letters_for_sessions_on_the_other_node_cross_once_through_its_relay_and_local_ones_go_directly()
    {
        // The second node's relay is replaced by a recorder, to see what crosses the network.
        var relay = await _second.System.ActorSelection("/user/" + SessionRelay.Name).ResolveOne(Timeout);
        Assert.True(await relay.GracefulStop(Timeout));
        var crossed = Mailbox.CreateUnbounded<Seen>();
        _second.System.ActorOf(Akka.Actor.Props.Create(() => new Recorder(crossed.Writer)), SessionRelay.Name);
        var phone = await RemoteRef(_second, "phone");
        var tablet = await RemoteRef(_second, "tablet");
        var local = Mailbox.CreateUnbounded<Seen>();
        var browser = _first.System.ActorOf(Akka.Actor.Props.Create(() => new Recorder(local.Writer)), "browser");
        var account = _first.System.ActorOf(Akka.Actor.Props.Create(() => new Recorder(Mailbox.CreateUnbounded<Seen>().Writer)), "account");

        new SessionMail()
            .Add(phone, new Revoked("one"))
            .Add(browser, new Revoked("two"))
            .Add(tablet, new Revoked("three"))
            .Add(phone, new Revoked("four"))
            .Send(_first.System, account);

        var direct = await local.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal("two", Assert.IsType<Revoked>(direct.Message).Reason);
        Assert.Equal(account.Path, direct.Sender.Path);
        var batch = await crossed.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(account.Path.Name, batch.Sender.Path.Name);
        var letters = Assert.IsType<ForSessions>(batch.Message).Letters;
        Assert.Equal(["phone:one", "tablet:three", "phone:four"],
            letters.Select(l => $"{l.Session.Path.Name}:{((Revoked)l.Message).Reason}"));
        await Task.Delay(300);
        Assert.False(crossed.Reader.TryRead(out _), "one message for the other node, not one per session");
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private sealed record Seen(object Message, IActorRef Sender);

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(System.Threading.Channels.ChannelWriter<Seen> seen) => ReceiveAny(message => seen.TryWrite(new Seen(message, Sender)));
    }

    /// <summary>A recorder on <paramref name="node"/>, as the first node refers to it.</summary>
    private async Task<IActorRef> RemoteRef(ClusterNode node, string name)
    {
        node.System.ActorOf(Akka.Actor.Props.Create(() => new Recorder(Mailbox.CreateUnbounded<Seen>().Writer)), name);
        var address = Akka.Cluster.Cluster.Get(node.System).SelfAddress;
        var remote = await _first.System.ActorSelection(new RootActorPath(address) / "user" / name).ResolveOne(Timeout);
        Assert.False(remote.Path.Address.HasLocalScope);
        return remote;
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
