namespace ActorSubs.LoadTest.Tests.Support;

/// <summary>
/// One node shared by the real runs, started once: expired sessions are cut after 3 s (so expiry-storm
/// sees its cuts inside a short run) and the renewal window is ten years (so repeat purchases are accepted).
/// </summary>
public sealed class LoadNode : IAsyncLifetime
{
    public static readonly TimeSpan ExpiredSessionLimit = TimeSpan.FromSeconds(3);

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(new Dictionary<string, string?>
    {
        ["ActorSubs:Subscriptions:ExpiredSessionLimit"] = ExpiredSessionLimit.ToString(),
        ["ActorSubs:Subscriptions:RenewalWindow"] = "3650.00:00:00",
    });

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LoadNodeCollection : ICollectionFixture<LoadNode>
{
    public const string Name = "load node";
}
