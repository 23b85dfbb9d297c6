using System.Net;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Abuse;

/// <summary>docs/api.md, Rate limits: a failed-authentication lockout lasts until its window passes, and no longer.</summary>
public sealed class LockoutWindowSpecs
{
    [Fact]
    public async Task A_locked_out_address_authenticates_again_once_the_window_has_passed()
    {
        var window = TimeSpan.FromSeconds(2);
        await using var own = await OwnNode.StartAsync(new Dictionary<string, string?>
        {
            ["ActorSubs:RateLimits:FailedAuthentication:PermitLimit"] = "1",
            ["ActorSubs:RateLimits:FailedAuthentication:Window"] = window.ToString(),
        });
        var node = own.Node;
        using var operatorClient = node.Client();
        var id = SharedNode.NewId("window");
        var key = await operatorClient.SignUpAsync(id);
        using var guesser = SourceAddress.Client(node, "127.0.6.1", "ak_guessed-key");
        using var owner = SourceAddress.Client(node, "127.0.6.1", key);

        // Guess until refused with 429: the window may turn between two guesses, but not for ten in a row.
        Answer? locked = null;
        for (var i = 0; i < 10 && locked is null; i++)
        {
            var answer = await Answer.SendAsync(guesser, HttpMethod.Get, $"/api/accounts/{id}");
            if (answer.Status == HttpStatusCode.TooManyRequests) locked = answer;
            else Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        }
        Assert.NotNull(locked);
        locked.AssertRateLimited(window);

        var started = DateTime.UtcNow;
        await Eventually.UntilAsync(async () => (await Answer.SendAsync(owner, HttpMethod.Get, $"/api/accounts/{id}")).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "the owner's key accepted again from the locked-out address", every: TimeSpan.FromMilliseconds(200));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "the lockout outlasted its window by far");
    }
}
