using System.Text.RegularExpressions;
using ActorSubs.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ActorSubs.Web.Tests;

/// <summary>
/// Live notifications of My Account (docs/web.md): the page is a `web` device on /ws/device. When the subscription
/// expires while the page is open, it shows the notification, counts down to the cut with the buy prompt, and shows
/// the cut when the node closes the session (4001). The fixture's node cuts after <see cref="WebFixture.ExpiredSessionLimit"/>.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class ExpiryLiveSpecs(WebFixture web)
{
    [SkippableFact]
    public async Task An_expiry_while_the_page_is_open_shows_the_notification_the_countdown_and_then_the_cut()
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("expiry");
        await using var tab = await web.OpenAsync("/");
        var page = tab.Page;
        await tab.SignInAsync(id, key);
        await tab.WaitUntilLiveAsync();
        await Expect(page.Locator("#devices")).ToContainTextAsync("(this browser)");
        await Expect(page.Locator("#expiry")).ToBeHiddenAsync();

        using var operatorClient = web.Node.Client();
        var adjusted = await operatorClient.PutJsonAsync($"/api/admin/accounts/{id}/subscription",
            new { expiresAt = DateTimeOffset.UtcNow.AddSeconds(3).ToString("O") });
        Assert.Equal("expiring", adjusted.Body.Text("subscription.status"));

        await Expect(page.Locator("#notifications")).ToContainTextAsync("Your subscription has expired", new() { Timeout = 30_000 });
        await Expect(page.Locator("#expiry")).ToBeVisibleAsync();
        await Expect(page.Locator("#countdown")).ToHaveTextAsync(Countdown());
        await Expect(page.Locator("#prompt-buy")).ToBeVisibleAsync();
        var shown = await page.Locator("#countdown").TextContentAsync();
        await Expect(page.Locator("#countdown")).Not.ToHaveTextAsync(shown!, new() { Timeout = 5_000 });   // it counts

        await Expect(page.Locator("#cut-line")).ToBeVisibleAsync(new() { Timeout = (int)WebFixture.ExpiredSessionLimit.TotalMilliseconds + 20_000 });
        await Expect(page.Locator("#countdown-line")).ToBeHiddenAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Expired");
        await Expect(page.Locator("#buy")).ToBeVisibleAsync();
        await Expect(page.Locator("#live-state")).ToContainTextAsync("stopped");
        tab.AssertNoProblems();
    }

    [GeneratedRegex(@"^\d+:\d\d$")]
    private static partial Regex Countdown();
}
