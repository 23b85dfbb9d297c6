using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Serialization;
using ActorSubs.Domain;
using Akka.Actor;
using MemberStatus = Akka.Cluster.MemberStatus;
using Akka.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static ActorSubs.Cluster.Accounts.AccountProtocol;
using NotificationRaised = ActorSubs.Domain.AccountEvents.NotificationRaised;

namespace ActorSubs.Cluster.Tests.Support;

/// <summary>
/// One node of ActorSubs, wired exactly as production wires it (<c>AddActorSubsCluster</c>), with its own SQLite
/// file in a temporary folder, a manual clock, and a cluster of one that is Up before the spec starts.
/// </summary>
public abstract class AccountClusterSpec : HostedTestKit
{
    protected static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);

    private readonly string _folder;
    private readonly List<ClusterNode> _laterNodes = [];

    protected AccountClusterSpec() : base(ClusterSettings.SystemName)
    {
        _folder = Path.Combine(Path.GetTempPath(), "actorsubs-cluster-specs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        DatabaseFile = Path.Combine(_folder, "actorsubs.db");
        Journal = new JournalDatabase(DatabaseFile);
    }

    protected string DatabaseFile { get; }

    protected JournalDatabase Journal { get; }

    protected ManualClock Clock { get; } = new();

    protected SubscriptionOptions Rules { get; } = new();

    /// <summary>Override for a small SnapshotEvery and the like.</summary>
    protected virtual EntitySettings Entities => new();

    /// <summary>What the accounts charge through: the simulated channels unless a spec scripts its own.</summary>
    protected virtual IPaymentChannels Payments { get; } = new SimulatedPaymentChannels(new SimulatedPaymentOptions());

    /// <summary>Override for short charge-retry delays and the like.</summary>
    protected virtual PaymentOptions PaymentSettings => new();

    protected ActorSubsClusterOptions Options => new(
        new ClusterSettings { Port = 0 },
        new PersistenceSettings { Provider = PersistenceProvider.Sqlite, ConnectionString = $"Data Source={DatabaseFile}" },
        Entities,
        Rules) { Payments = PaymentSettings };

    protected IActorRef Accounts => ActorRegistry.Get<AccountEntity>();

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services) =>
        services.AddSingleton<TimeProvider>(Clock).AddSingleton(Payments);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddActorSubsCluster(Options);

    protected override async Task BeforeTestStart() =>
        await AwaitAssertAsync(
            () => Assert.Equal(MemberStatus.Up, Akka.Cluster.Cluster.Get(Sys).SelfMember.Status),
            TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50));

    /// <summary>
    /// A process restart: the running node stops (coordinated shutdown, its actor system terminates) and a new
    /// node starts on the same database file. Everything the new node knows it recovers from the journal. The
    /// first restart stops this spec's own node, a later one the node the previous restart started.
    /// </summary>
    protected async Task<ClusterNode> RestartAsync(Action? whileStopped = null)
    {
        await StopHostAsync();
        foreach (var earlier in _laterNodes) await earlier.StopAsync();
        whileStopped?.Invoke();
        var node = await ClusterNode.StartAsync(Options, Clock, payments: Payments);
        _laterNodes.Add(node);
        return node;
    }

    protected override async Task AfterHostStopped()
    {
        foreach (var node in _laterNodes) await node.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platform: the temp folder is cleaned by the OS eventually.
        }
    }

    protected static string PersistenceIdOf(string accountId) => "account-" + accountId;

    /// <summary>The manifests of an account's journal rows, in order, without the wake-up rows ("ws") that ride along.</summary>
    protected IReadOnlyList<string> ManifestsOf(string accountId) => Journal.DomainManifests(PersistenceIdOf(accountId));

    /// <summary>Every row's manifest, the wake-up rows included.</summary>
    protected IReadOnlyList<string> AllManifestsOf(string accountId) =>
        Journal.Events(PersistenceIdOf(accountId)).Select(e => e.Manifest).ToArray();

    /// <summary>The sequence number of the only row with <paramref name="manifest"/>.</summary>
    protected long SequenceOf(string accountId, string manifest) =>
        Assert.Single(Journal.Events(PersistenceIdOf(accountId)), e => e.Manifest == manifest).SequenceNr;

    /// <summary>The notification event stored at <paramref name="sequenceNr"/>, decoded as the journal serializer reads it.</summary>
    protected NotificationRaised StoredNotification(string accountId, long sequenceNr)
    {
        var row = Assert.Single(Journal.Events(PersistenceIdOf(accountId)), e => e.SequenceNr == sequenceNr);
        Assert.Equal(new StoredEvent(sequenceNr, "nr", JournalJsonSerializer.Id), row);
        var bytes = Journal.Payload(PersistenceIdOf(accountId), sequenceNr);
        return Assert.IsType<NotificationRaised>(System.Text.Json.JsonSerializer.Deserialize<NotificationRaised>(bytes, JournalJsonSerializer.Json));
    }

    protected Task<Reply> SendAsync(string accountId, IAccountCommand command) => SendAsync(Accounts, accountId, command);

    protected static Task<Reply> SendAsync(IActorRef region, string accountId, IAccountCommand command) =>
        region.Ask<Reply>(new Execute(accountId, command, Caller.Operator), AskTimeout);

    protected Task<AccountView> AcceptAsync(string accountId, IAccountCommand command) => AcceptAsync(Accounts, accountId, command);

    protected static async Task<AccountView> AcceptAsync(IActorRef region, string accountId, IAccountCommand command) =>
        AcceptedView(await SendAsync(region, accountId, command), command);

    protected Task<Rejection> RejectAsync(string accountId, IAccountCommand command) => RejectAsync(Accounts, accountId, command);

    protected static async Task<Rejection> RejectAsync(IActorRef region, string accountId, IAccountCommand command)
    {
        var reply = await SendAsync(region, accountId, command);
        return reply is Rejected rejected
            ? rejected.Rejection
            : throw new Xunit.Sdk.XunitException($"{command.GetType().Name} on {accountId} was expected to be rejected but was {reply}.");
    }

    protected Task<AccountView> GetViewAsync(string accountId) => GetViewAsync(Accounts, accountId);

    protected static async Task<AccountView> GetViewAsync(IActorRef region, string accountId) =>
        AcceptedView(await region.Ask<Reply>(new Get(accountId, Caller.Operator), AskTimeout), "Get");

    protected Task<NotificationsView> GetNotificationsAsync(string accountId) => GetNotificationsAsync(Accounts, accountId);

    /// <summary>The account's outbox (R13): what its devices have not acknowledged yet.</summary>
    protected static async Task<NotificationsView> GetNotificationsAsync(IActorRef region, string accountId) =>
        await region.Ask<object>(new GetNotifications(accountId, Caller.Operator), AskTimeout) switch
        {
            NotificationsView view => view,
            var other => throw new Xunit.Sdk.XunitException($"GetNotifications of {accountId}: unexpected reply {other}"),
        };

    private static AccountView AcceptedView(Reply reply, object asked) => reply switch
    {
        Accepted accepted => accepted.View,
        Rejected rejected => throw new Xunit.Sdk.XunitException(
            $"{asked} was rejected: {rejected.Rejection.Code} ({rejected.Rejection.Detail})"),
        _ => throw new Xunit.Sdk.XunitException($"{asked}: unexpected reply {reply}"),
    };
}
