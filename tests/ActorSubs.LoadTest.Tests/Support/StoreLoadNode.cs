using ActorSubs.LoadTest.Cli;

namespace ActorSubs.LoadTest.Tests.Support;

/// <summary>
/// A node that trusts the load tester's App Store authority, set up as build/bench/stores.sh does: the authority is
/// written first by <c>store-notifications --authority-only</c>, then the node starts trusting its root, with the
/// product mapped, a ten-year renewal window (repeat purchases) and the store rate limit raised (the notifications
/// come without the operator key, as Apple's do).
/// </summary>
public sealed class StoreLoadNode : IAsyncLifetime
{
    public const string BundleId = "com.example.loadtest";
    public const string Product = "com.example.loadtest.monthly";

    private readonly TempFolder _folder = new();

    public string RootFile => _folder.File("apple-root.pem");

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var authority = await LoadTester.RunAsync("store-notifications", "--root", RootFile, "--authority-only");
        if (authority.ExitCode != LoadTestApp.ExitOk) throw new InvalidOperationException($"the authority was not written: {authority}");
        Node = await TestNode.StartAsync(new Dictionary<string, string?>
        {
            ["ActorSubs:Stores:AppStore:RootCertificates:0"] = RootFile,
            ["ActorSubs:Stores:AppStore:BundleId"] = BundleId,
            [$"ActorSubs:Stores:AppStore:Products:{Product}"] = "monthly",
            ["ActorSubs:Subscriptions:RenewalWindow"] = "3650.00:00:00",
            ["ActorSubs:RateLimits:Stores:PermitLimit"] = "1000000",
        });
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class StoreLoadNodeCollection : ICollectionFixture<StoreLoadNode>
{
    public const string Name = "store load node";
}
