using ActorSubs.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ActorSubs.Web.Tests;

/// <summary>
/// The auto-renew switch of My Account on each channel (docs/web.md): the web store and Google Play switch it here; an
/// App Store subscription is switched in the App Store settings, so the page says so instead of offering a switch.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AutoRenewSwitchSpecs(WebFixture web)
{
    [SkippableTheory]
    [InlineData("web")]
    [InlineData("google-play")]
    public async Task A_paid_subscription_of_a_channel_that_allows_it_is_switched_on_and_off_from_the_page(string channel)
    {
        Chromium.Require();
        var (id, key) = await BuyAsync("renew", channel, autoRenewAfterPurchase: false);
        await using var tab = await web.OpenAsync("/");
        await tab.SignInAsync(id, key);
        var toggle = tab.Page.GetByRole(AriaRole.Switch, new() { Name = "Renew automatically" });
        await Expect(toggle).Not.ToBeCheckedAsync();
        await Expect(tab.Page.Locator("#app-store-note")).ToBeHiddenAsync();

        await toggle.ClickAsync();

        await Expect(toggle).ToBeCheckedAsync();
        await Expect(toggle).ToBeEnabledAsync();
        Assert.Equal("true", await AutoRenewAsync(id));

        await toggle.ClickAsync();

        await Expect(toggle).Not.ToBeCheckedAsync();
        await Expect(toggle).ToBeEnabledAsync();
        Assert.Equal("false", await AutoRenewAsync(id));
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task An_app_store_subscription_shows_a_note_pointing_to_the_app_store_settings_and_no_switch()
    {
        Chromium.Require();
        var (id, key) = await BuyAsync("appstore", "app-store", autoRenewAfterPurchase: true);
        await using var tab = await web.OpenAsync("/");

        await tab.SignInAsync(id, key);

        await Expect(tab.Page.Locator("#app-store-note")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#app-store-note")).ToContainTextAsync("App Store settings");
        await Expect(tab.Page.GetByRole(AriaRole.Switch)).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#channel")).ToContainTextAsync("App Store");
        tab.AssertNoProblems();
    }

    private async Task<(string Id, string Key)> BuyAsync(string prefix, string channel, bool autoRenewAfterPurchase)
    {
        var (id, key) = await web.SignUpAsync(prefix);
        using var client = web.Node.Client(key);
        var bought = await client.PostJsonAsync($"/api/accounts/{id}/purchases", new { plan = "monthly", channel, transactionId = $"{channel}-1" });
        Assert.Equal(autoRenewAfterPurchase ? "true" : "false", bought.Body.Text("subscription.autoRenew"));
        return (id, key);
    }

    private async Task<string> AutoRenewAsync(string id)
    {
        using var client = web.Node.Client();
        return (await client.GetJsonAsync($"/api/accounts/{id}")).Body.Text("subscription.autoRenew");
    }
}
