using ActorSubs.Cluster.Stores;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using Akka.Actor;
using static ActorSubs.Cluster.Stores.StoreLinkProtocol;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// The store link registry (docs/rules.md, "Store notifications"): a store subscription or an account's store token
/// belongs to the first account linked to it, across the cluster and across restarts.
/// </summary>
public sealed class StoreLinkRegistrySpecs : AccountClusterSpec
{
    // Play purchase tokens are opaque and long; the registry must not make a persistence id of one as it is.
    private static readonly StoreLinkKey PlayToken = StoreLinkKey.GooglePlay(
        "kpbnhdkbhgkdlcgcfkmkhpmg.AO-J1OyQ2_7o9QfbC3mVZ8uYlzCqjYn1yKw3N0fKx9aT4LhXr2BvS6eDcM8uJ5pQwE1zR7tY0iU3oP9aS2dF4gH6jK8lZ1xC3vB5nM7qW9eR0tY2uI4oP6aS8dF0gH2jK4lZ6xC8vB0nM");

    private Task<object> AskAsync(IWithStoreLinkId message) => ActorRegistry.Get<StoreLinkEntity>().Ask<object>(message, AskTimeout);

    private static Task<object> AskAsync(ClusterNode node, IWithStoreLinkId message) => node.Registry.Get<StoreLinkEntity>().Ask<object>(message, AskTimeout);

    [Fact]
    public async Task The_first_link_of_a_key_wins_and_a_link_to_another_account_is_refused()
    {
        var key = StoreLinkKey.AppStore("2000000812345678");

        var first = await AskAsync(new Link(key, "acc-anna"));
        var other = await AskAsync(new Link(key, "acc-ben"));
        var resolved = await AskAsync(new Resolve(key));

        Assert.Equal(new Linked(key, "acc-anna"), first);
        Assert.Equal(new LinkRefused(key), other);
        Assert.Equal(new Resolved(key, "acc-anna"), resolved);
    }

    [Fact]
    public async Task Linking_the_same_key_to_the_same_account_again_is_granted_and_writes_nothing()
    {
        var key = StoreLinkKey.Cleverbridge("sub-881");
        await AskAsync(new Link(key, "acc-anna"));
        var events = Journal.EventCount("store-link-" + key.EntityId);

        var again = await AskAsync(new Link(key, "acc-anna"));

        Assert.Equal(new Linked(key, "acc-anna"), again);
        Assert.Equal(1, events);
        Assert.Equal(events, Journal.EventCount("store-link-" + key.EntityId));
    }

    [Fact]
    public async Task A_key_never_linked_resolves_to_no_account()
    {
        var key = StoreLinkKey.AppStore("2000000000000404");

        Assert.Equal(new Resolved(key, null), await AskAsync(new Resolve(key)));
        Assert.Equal(0, Journal.EventCount("store-link-" + key.EntityId));
    }

    [Fact]
    public async Task Two_accounts_racing_for_ten_subscriptions_get_exactly_one_owner_each()
    {
        var keys = Enumerable.Range(1, 10).Select(i => StoreLinkKey.GooglePlay($"race-token-{i}")).ToArray();

        var replies = await Task.WhenAll(keys.SelectMany(k => new[] { "acc-anna", "acc-ben" }.Select(async a => (Key: k, Reply: await AskAsync(new Link(k, a)))))
            .ToArray());

        foreach (var race in replies.GroupBy(r => r.Key))
        {
            var winner = Assert.Single(race.Select(r => r.Reply).OfType<Linked>());
            Assert.Single(race.Select(r => r.Reply).OfType<LinkRefused>());
            Assert.Equal(new Resolved(race.Key, winner.AccountId), await AskAsync(new Resolve(race.Key)));
        }
    }

    [Fact]
    public async Task A_long_purchase_token_is_kept_under_a_short_hashed_entity_id()
    {
        var linked = await AskAsync(new Link(PlayToken, "acc-anna"));

        Assert.Equal(new Linked(PlayToken, "acc-anna"), linked);
        Assert.True(PlayToken.Value.Length > 150);
        Assert.Matches(@"^google-play\.sha256\.[0-9a-f]{64}$", PlayToken.EntityId);
        Assert.Equal(1, Journal.EventCount("store-link-" + PlayToken.EntityId));
        // A short value that merely looks like a hashed one is hashed too, so the two forms never name the same entity.
        Assert.StartsWith("google-play.sha256.", StoreLinkKey.GooglePlay("sha256.abc").EntityId);
        Assert.Equal("app-store.2000000812345678", StoreLinkKey.AppStore("2000000812345678").EntityId);
    }

    [Fact]
    public async Task Links_survive_a_restart_and_still_refuse_another_account()
    {
        var key = StoreLinkKey.AppStore("2000000899990001");
        await AskAsync(new Link(key, "acc-anna"));
        await AskAsync(new Link(PlayToken, "acc-ben"));

        var restarted = await RestartAsync();
        var resolved = await AskAsync(restarted, new Resolve(key));
        var refused = await AskAsync(restarted, new Link(key, "acc-ben"));
        var longResolved = await AskAsync(restarted, new Resolve(PlayToken));

        Assert.Equal(new Resolved(key, "acc-anna"), resolved);
        Assert.Equal(new LinkRefused(key), refused);
        Assert.Equal(new Resolved(PlayToken, "acc-ben"), longResolved);
    }
}
