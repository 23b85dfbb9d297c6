using System.Net;
using ActorSubs.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ActorSubs.Web.Tests;

/// <summary>My Account (<c>GET /</c>, docs/web.md): signing in, what a trial shows, and refusals shown by their detail.</summary>
[Collection(WebCollection.Name)]
public sealed class MyAccountSignInSpecs(WebFixture web)
{
    [SkippableFact]
    public async Task A_trial_shows_trial_mode_its_expiry_and_status_and_no_buy_button_while_active()
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("signin");
        await using var tab = await web.OpenAsync("/");

        await tab.SignInAsync(id, key);

        var page = tab.Page;
        await Expect(page.Locator("#plan")).ToHaveTextAsync("Trial mode");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Active");
        await Expect(page.Locator("#expires")).ToContainTextAsync("Expires on");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Buy subscription" })).ToBeHiddenAsync();
        await Expect(page.GetByText("To add a computer, install the agent")).ToBeVisibleAsync();
        await Expect(page.Locator("#auto-renew-row")).ToBeHiddenAsync();
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task The_key_is_kept_in_session_storage_only_and_a_reload_stays_signed_in()
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("keep");
        await using var tab = await web.OpenAsync("/");
        await tab.SignInAsync(id, key);

        await tab.Page.ReloadAsync();

        await Expect(tab.Page.Locator("#plan")).ToHaveTextAsync("Trial mode");
        Assert.Contains(key, await tab.Page.EvaluateAsync<string>("() => JSON.stringify(sessionStorage)"));
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.DoesNotContain(key, await tab.Page.EvaluateAsync<string>("() => document.cookie"));
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task Signing_out_removes_this_browsers_device_and_forgets_the_key()
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("signout");
        await using var tab = await web.OpenAsync("/");
        await tab.SignInAsync(id, key);
        await tab.WaitUntilLiveAsync();
        using var operatorClient = web.Node.Client();
        var devices = (await operatorClient.GetJsonAsync($"/api/accounts/{id}")).Body!["devices"]!.AsArray();
        Assert.Equal("web", Assert.Single(devices)!["platform"]!.GetValue<string>());

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(tab.Page.GetByLabel("Account id")).ToBeFocusedAsync();
        // A read that is not answered 200 (a slow machine's 503) is read again; the failure names the last answer.
        await Eventually.AsyncValue(() => operatorClient.GetJsonAsync($"/api/accounts/{id}"),
            read => read.Status == HttpStatusCode.OK && read.Body!["devices"]!.AsArray().Count == 0,
            TimeSpan.FromSeconds(30), "the browser's device is removed");
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>("() => sessionStorage.length"));
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task Another_device_and_a_computer_are_removed_from_their_lists()
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("remove");
        using var owner = web.Node.Client(key);
        await owner.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "iPhone" });
        await owner.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "mac", name = "Mac mini" });
        await using var tab = await web.OpenAsync("/");
        await tab.SignInAsync(id, key);
        await tab.WaitUntilLiveAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Remove" })).ToHaveCountAsync(2);   // not this browser

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Remove iPhone" }).ClickAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Remove Mac mini" }).ClickAsync();

        await Expect(tab.Page.Locator("#devices")).Not.ToContainTextAsync("iPhone");
        await Expect(tab.Page.Locator("#hosts")).ToContainTextAsync("No computers yet.");
        var account = (await owner.GetJsonAsync($"/api/accounts/{id}")).Body!;
        Assert.Empty(account["hosts"]!.AsArray());
        Assert.Equal("web", Assert.Single(account["devices"]!.AsArray())!["platform"]!.GetValue<string>());
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task A_wrong_key_is_refused_with_the_problem_detail_not_a_status_code()
    {
        Chromium.Require();
        var (id, _) = await web.SignUpAsync("wrongkey");
        using var stranger = web.Node.Client("ak_not-this-accounts-key");
        var refusal = await stranger.GetJsonAsync($"/api/accounts/{id}");
        refusal.AssertProblem(HttpStatusCode.Forbidden, "invalid-api-key");
        await using var tab = await web.OpenAsync("/");

        await tab.Page.GetByLabel("Account id").FillAsync(id);
        await tab.Page.GetByLabel("API key").FillAsync("ak_not-this-accounts-key");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = refusal.Body.Text("detail") })).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#account")).ToBeHiddenAsync();
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task Signing_in_works_with_the_keyboard_alone_and_focus_is_visible()
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("keys");
        await using var tab = await web.OpenAsync("/");
        var page = tab.Page;

        await page.Keyboard.PressAsync("Tab");   // the skip link comes first
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Account id")).ToBeFocusedAsync();
        var outline = await page.GetByLabel("Account id").EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle");
        await page.Keyboard.TypeAsync(id);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(key);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#plan")).ToHaveTextAsync("Trial mode");
        Assert.Equal("solid", outline);
        tab.AssertNoProblems();
    }
}
