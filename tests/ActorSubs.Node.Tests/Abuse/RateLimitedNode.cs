namespace ActorSubs.Node.Tests.Abuse;

/// <summary>
/// A node whose every limit is 3 a minute, shared by the rate-limit specs. Each spec sends from loopback addresses of its
/// own (<see cref="Support.SourceAddress"/>) and uses accounts of its own, so no spec spends another's permits. Its stores
/// are not configured, so a store route answers 503 <c>store-not-configured</c> until its address is over the limit.
/// </summary>
public sealed class RateLimitedNode : IAsyncLifetime
{
    public const int Limit = 3;
    public const string StoreRoute = "/api/stores/cleverbridge/notifications";

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(new Dictionary<string, string?>
    {
        ["ActorSubs:RateLimits:SignUp:PermitLimit"] = $"{Limit}",
        ["ActorSubs:RateLimits:FailedAuthentication:PermitLimit"] = $"{Limit}",
        ["ActorSubs:RateLimits:Stores:PermitLimit"] = $"{Limit}",
        ["ActorSubs:RateLimits:Account:PermitLimit"] = $"{Limit}",
    });

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
