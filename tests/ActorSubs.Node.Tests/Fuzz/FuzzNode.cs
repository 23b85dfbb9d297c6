using ActorSubs.Node.Tests.Stores;

namespace ActorSubs.Node.Tests.Fuzz;

/// <summary>
/// A node for a fuzz run on a SQLite journal the run keeps, so it can be restarted on it; with the three stores
/// configured as <see cref="StoreNode"/> does (a test App Store authority, a loopback Play Developer API, Cleverbridge
/// credentials), or with none. The rate limits are raised: the fuzz sends thousands of requests from 127.0.0.1 with one
/// key, and a 429 would hide the route behind it (the limiter has its own specs).
/// </summary>
public sealed class FuzzNode : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string? _rootFile;

    private FuzzNode(Dictionary<string, string?> settings, AppStoreAuthority? apple, FakePlayDeveloperApi? play, string? rootFile)
    {
        _settings = settings;
        Apple = apple;
        Play = play;
        _rootFile = rootFile;
    }

    public TestDatabase Database { get; } = TestDatabase.Sqlite();

    public TestNode Node { get; private set; } = null!;

    /// <summary>Null when the stores are not configured.</summary>
    public AppStoreAuthority? Apple { get; }

    public FakePlayDeveloperApi? Play { get; }

    public bool StoresConfigured => Apple is not null;

    public static async Task<FuzzNode> StartAsync(bool withStores)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ActorSubs:RateLimits:SignUp:PermitLimit"] = "1000000",
            ["ActorSubs:RateLimits:Account:PermitLimit"] = "1000000",
            ["ActorSubs:RateLimits:Stores:PermitLimit"] = "1000000",
        };
        FuzzNode node;
        if (withStores)
        {
            var apple = AppStoreAuthority.Create();
            var play = await FakePlayDeveloperApi.StartAsync();
            var rootFile = Path.Combine(Path.GetTempPath(), $"actorsubs-fuzz-root-{Guid.NewGuid():N}.pem");
            await File.WriteAllTextAsync(rootFile, apple.Root.ExportCertificatePem());
            settings["ActorSubs:Stores:AppStore:RootCertificates:0"] = rootFile;
            settings["ActorSubs:Stores:AppStore:BundleId"] = StoreNode.BundleId;
            settings[$"ActorSubs:Stores:AppStore:Products:{StoreNode.AppStoreMonthly}"] = "monthly";
            settings[$"ActorSubs:Stores:AppStore:Products:{StoreNode.AppStoreAnnual}"] = "annual";
            settings["ActorSubs:Stores:GooglePlay:PushToken"] = StoreNode.PushToken;
            settings["ActorSubs:Stores:GooglePlay:PackageName"] = StoreNode.PackageName;
            settings["ActorSubs:Stores:GooglePlay:ApiBaseUrl"] = play.BaseUrl.ToString();
            settings["ActorSubs:Stores:GooglePlay:AccessToken"] = FakePlayDeveloperApi.AccessToken;
            settings["ActorSubs:Stores:GooglePlay:ApiTimeout"] = "00:00:03";
            settings[$"ActorSubs:Stores:GooglePlay:Products:{StoreNode.PlayMonthly}"] = "monthly";
            settings["ActorSubs:Stores:Cleverbridge:User"] = StoreNode.CleverbridgeUser;
            settings["ActorSubs:Stores:Cleverbridge:Password"] = StoreNode.CleverbridgePassword;
            settings["ActorSubs:Stores:Cleverbridge:SigningKey"] = StoreNode.SigningKey;
            node = new FuzzNode(settings, apple, play, rootFile);
        }
        else
        {
            node = new FuzzNode(settings, null, null, null);
        }
        node.Node = await TestNode.StartAsync(node.Database, node._settings);
        return node;
    }

    /// <summary>Stops the node and starts a new one on the same journal, with the same settings.</summary>
    public async Task RestartAsync()
    {
        await Node.DisposeAsync();
        Node = await TestNode.StartAsync(Database, _settings);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        if (Play is not null) await Play.DisposeAsync();
        Apple?.Dispose();
        if (_rootFile is not null) File.Delete(_rootFile);
        Database.Dispose();
    }
}
