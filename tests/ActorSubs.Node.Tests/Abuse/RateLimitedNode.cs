using ActorSubs.Node.Api.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorSubs.Node.Tests.Abuse;

/// <summary>
/// A node whose every limit is 3 a minute, shared by the rate-limit specs. Each spec sends from loopback addresses of its
/// own (<see cref="Support.SourceAddress"/>) and uses accounts of its own, so no spec spends another's permits. It also
/// maps a stand-in store route in a <c>/api/stores</c> group that names the store policy, as the store routes' group does.
/// </summary>
public sealed class RateLimitedNode : IAsyncLifetime
{
    public const int Limit = 3;
    public const string StoreRoute = "/api/stores/stand-in/notifications";

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(new Dictionary<string, string?>
    {
        ["ActorSubs:RateLimits:SignUp:PermitLimit"] = $"{Limit}",
        ["ActorSubs:RateLimits:FailedAuthentication:PermitLimit"] = $"{Limit}",
        ["ActorSubs:RateLimits:Stores:PermitLimit"] = $"{Limit}",
        ["ActorSubs:RateLimits:Account:PermitLimit"] = $"{Limit}",
    }, app => app.MapGroup("/api/stores").RequireRateLimiting(RateLimitPolicies.Stores)
        .MapPost("/stand-in/notifications", () => Results.Ok()));

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
