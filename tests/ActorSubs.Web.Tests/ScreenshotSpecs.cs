using ActorSubs.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ActorSubs.Web.Tests;

/// <summary>
/// Both pages at 375 px (a phone) and 1280 px (a desktop): nothing wider than the screen, and a screenshot of each in
/// <c>artifacts/screenshots/</c> for a person to look at.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ScreenshotSpecs(WebFixture web)
{
    [SkippableTheory]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task My_account_of_an_expired_account_fits_the_width_with_its_buy_prompt(int width)
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("shot");
        using (var owner = web.Node.Client(key))
        {
            await owner.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "mac-mini", name = "Mac mini" });
            await owner.PostJsonAsync($"/api/accounts/{id}/licences", new { key = $"PRO-{Guid.NewGuid():N}"[..20], product = "desktop-pro-subscription" });
        }
        using (var operatorClient = web.Node.Client())
            await operatorClient.PutJsonAsync($"/api/admin/accounts/{id}/subscription", new { expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") });
        await using var tab = await web.OpenAsync("/", width);

        await tab.SignInAsync(id, key);
        await tab.WaitUntilLiveAsync();
        await Expect(tab.Page.Locator("#expiry")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#buy")).ToBeVisibleAsync();

        await AssertFitsAsync(tab.Page, width);
        await tab.ScreenshotAsync($"my-account-{width}");
        await tab.Page.Locator("#buy").ClickAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await AssertFitsAsync(tab.Page, width);
        await tab.ScreenshotAsync($"my-account-cart-{width}");
        tab.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task The_dashboard_fits_the_width(int width)
    {
        Chromium.Require();
        var (id, _) = await web.SignUpAsync("shotadmin");
        await using var tab = await web.OpenAsync("/admin", width);
        var page = tab.Page;
        await page.GetByLabel("Operator key").FillAsync(TestNode.OperatorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#members tr")).ToHaveCountAsync(1);
        await page.GetByLabel("Account id").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(page.Locator("#found-title")).ToHaveTextAsync(id);

        await AssertFitsAsync(page, width);
        await tab.ScreenshotAsync($"dashboard-{width}");
        tab.AssertNoProblems();
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the page is {scrollWidth} px wide on a {width} px screen");
    }
}
