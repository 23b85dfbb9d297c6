using System.Net;
using System.Text.RegularExpressions;
using ActorSubs.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ActorSubs.Web.Tests;

/// <summary>The operator dashboard (<c>GET /admin</c>, docs/web.md) on the shared node: sign-in, the cluster, wake-ups, the account search and the support adjustment.</summary>
[Collection(WebCollection.Name)]
public sealed partial class DashboardSpecs(WebFixture web)
{
    [SkippableFact]
    public async Task Signed_in_with_the_operator_key_it_shows_the_member_its_counts_and_the_wakeup_figures()
    {
        Chromium.Require();
        await using var tab = await web.OpenAsync("/admin");
        var page = tab.Page;

        await page.GetByLabel("Operator key").FillAsync(TestNode.OperatorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator("#members tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#members tr").First).ToContainTextAsync("up");
        await Expect(page.Locator("#nodes tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#nodes tr td").Nth(1)).ToHaveTextAsync(Number());
        await Expect(page.Locator("#wakeup-backlog")).ToHaveTextAsync(Number());
        await Expect(page.Locator("#wakeup-pending")).ToHaveTextAsync(Number());
        await Expect(page.Locator("#parked-total")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#updated")).ToContainTextAsync("Updated");
        await Expect(page.Locator("#poll-problem")).ToBeEmptyAsync();
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task An_account_key_is_refused_with_the_problem_detail()
    {
        Chromium.Require();
        var (_, key) = await web.SignUpAsync("notoperator");
        using var client = web.Node.Client(key);
        var refusal = await client.GetJsonAsync("/api/admin/cluster");
        refusal.AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        await using var tab = await web.OpenAsync("/admin");

        await tab.Page.GetByLabel("Operator key").FillAsync(key);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(tab.Page.Locator("#sign-in-problem")).ToHaveTextAsync(refusal.Body.Text("detail"));
        await Expect(tab.Page.Locator("#dashboard")).ToBeHiddenAsync();
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task The_search_opens_an_account_with_its_pending_notifications_and_support_moves_its_expiry()
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("support");
        using var owner = web.Node.Client(key);
        await owner.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "iPhone" });
        using var operatorClient = web.Node.Client();
        // Moving the expiry later raises subscription-extended, kept for the phone until it acknowledges it.
        await operatorClient.PutJsonAsync($"/api/admin/accounts/{id}/subscription", new { expiresAt = DateTimeOffset.UtcNow.AddDays(30).ToString("O") });
        await using var tab = await web.OpenAsync("/admin");
        var page = tab.Page;
        await page.GetByLabel("Operator key").FillAsync(TestNode.OperatorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GetByLabel("Account id").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();

        await Expect(page.Locator("#found-title")).ToHaveTextAsync(id);
        await Expect(page.Locator("#found-plan")).ToHaveTextAsync("Trial mode");
        await Expect(page.Locator("#found-devices")).ToContainTextAsync("iPhone");
        await Expect(page.Locator("#found-notifications")).ToContainTextAsync("subscription-extended");
        await Expect(page.Locator("#found-notifications")).ToContainTextAsync("phone");

        await page.GetByLabel("New expiry (UTC)").FillAsync("2031-05-17T08:30");
        await page.GetByLabel("Tier").SelectOptionAsync("paid");
        await page.GetByLabel("Plan (paid)").SelectOptionAsync("annual");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Expect(page.Locator("#adjust-done")).ToHaveTextAsync("Saved.");
        await Expect(page.Locator("#found-plan")).ToContainTextAsync("Annual subscription");
        var account = (await operatorClient.GetJsonAsync($"/api/accounts/{id}")).Body;
        Assert.Equal("2031-05-17T08:30:00.000Z", account.Text("subscription.expiresAt"));
        Assert.Equal(("paid", "annual"), (account.Text("subscription.tier"), account.Text("subscription.plan")));
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task An_unknown_account_shows_the_problem_detail()
    {
        Chromium.Require();
        await using var tab = await web.OpenAsync("/admin");
        var page = tab.Page;
        await page.GetByLabel("Operator key").FillAsync(TestNode.OperatorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        using var operatorClient = web.Node.Client();
        var refusal = await operatorClient.GetJsonAsync("/api/accounts/nobody-here");
        refusal.AssertProblem(HttpStatusCode.NotFound, "account-not-found");

        await page.GetByLabel("Account id").FillAsync("nobody-here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();

        await Expect(page.Locator("#search-problem")).ToHaveTextAsync(refusal.Body.Text("detail"));
        await Expect(page.Locator("#found")).ToBeHiddenAsync();
        tab.AssertNoProblems();
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Number();
}
