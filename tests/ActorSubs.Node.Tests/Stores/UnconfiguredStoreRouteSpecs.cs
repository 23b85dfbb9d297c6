using System.Net;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>A node without store settings starts, and refuses each store's notifications with a problem that says so.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class UnconfiguredStoreRouteSpecs(SharedNode shared)
{
    [Theory]
    [InlineData("app-store")]
    [InlineData("google-play")]
    [InlineData("cleverbridge")]
    public async Task An_unconfigured_store_is_answered_503_store_not_configured(string store)
    {
        using var client = shared.Node.Client(bearer: null);

        var response = await client.PostJsonAsync($"/api/stores/{store}/notifications", new { signedPayload = "x" });

        response.AssertProblem(HttpStatusCode.ServiceUnavailable, "store-not-configured");
        Assert.Contains("ActorSubs:Stores:", response.Body.Text("detail"));
    }
}
