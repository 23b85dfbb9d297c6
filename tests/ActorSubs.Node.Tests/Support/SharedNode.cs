namespace ActorSubs.Node.Tests.Support;

/// <summary>One node on SQLite shared by the route scenarios (each uses its own accounts), started once.</summary>
public sealed class SharedNode : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    /// <summary>Expired sessions are cut after seconds, not minutes, so the gateway specs can watch it happen.</summary>
    public static readonly TimeSpan ExpiredSessionLimit = TimeSpan.FromSeconds(3);

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(new Dictionary<string, string?>
    {
        ["ActorSubs:Subscriptions:ExpiredSessionLimit"] = ExpiredSessionLimit.ToString(),
    });

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 33)];
}

[CollectionDefinition(Name)]
public sealed class SharedNodeCollection : ICollectionFixture<SharedNode>
{
    public const string Name = "shared node";
}
