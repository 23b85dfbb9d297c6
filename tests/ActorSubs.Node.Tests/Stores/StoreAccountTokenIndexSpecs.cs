using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;
using ActorSubs.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// The account of a store token is found from the tag its creation event carries in the journal, on both databases the
/// node runs on: no registry write at sign-up, and the token of an account never created finds nothing.
/// </summary>
public sealed class StoreAccountTokenIndexSpecs
{
    [Fact]
    public async Task A_signed_up_account_is_found_by_its_store_token_on_sqlite()
    {
        using var database = TestDatabase.Sqlite();
        await FoundByTokenAsync(database);
    }

    [SkippableFact]
    public async Task A_signed_up_account_is_found_by_its_store_token_on_postgresql()
    {
        using var database = await TestDatabase.PostgresAsync();
        await FoundByTokenAsync(database);
    }

    private static async Task FoundByTokenAsync(TestDatabase database)
    {
        await using var node = await TestNode.StartAsync(database);
        using var client = node.Client();
        await client.SignUpAsync("token-owner");
        await client.SignUpAsync("token-neighbour");
        var index = node.Services.GetRequiredService<StoreAccountTokenIndex>();

        Assert.Equal("token-owner", await index.FindAccountAsync(StoreAccountToken.For(new AccountId("token-owner")), CancellationToken.None));
        Assert.Equal("token-neighbour", await index.FindAccountAsync(StoreAccountToken.For(new AccountId("token-neighbour")), CancellationToken.None));
        Assert.Null(await index.FindAccountAsync(StoreAccountToken.For(new AccountId("never-signed-up")), CancellationToken.None));
    }
}
