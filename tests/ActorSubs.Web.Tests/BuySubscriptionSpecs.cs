using System.Text.Json.Nodes;
using ActorSubs.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ActorSubs.Web.Tests;

/// <summary>
/// The cart of My Account (docs/web.md): from an expired account, Buy subscription -> a plan -> the details -> Order,
/// through the web channel. The order carries one transaction id made when the details are shown, so a double click
/// bills once (docs/rules.md, R14).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class BuySubscriptionSpecs(WebFixture web)
{
    [SkippableFact]
    public async Task An_expired_account_buys_an_annual_subscription_and_a_double_click_on_order_bills_once()
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("buy");
        using var operatorClient = web.Node.Client();
        var expired = await operatorClient.PutJsonAsync($"/api/admin/accounts/{id}/subscription",
            new { expiresAt = DateTimeOffset.UtcNow.AddDays(-1).ToString("O") });
        Assert.Equal("expired", expired.Body.Text("subscription.status"));
        await using var tab = await web.OpenAsync("/");
        var page = tab.Page;
        var purchases = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/purchases", StringComparison.Ordinal))
                lock (purchases) purchases.Add(request.PostData ?? "");
        };
        await tab.SignInAsync(id, key);
        await Expect(page.Locator("#status")).ToHaveTextAsync("Expired");

        await page.Locator("#buy").ClickAsync();
        await page.GetByLabel("Annual").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.Locator("#order-plan")).ToHaveTextAsync("Annual");
        var orderedAt = DateTimeOffset.UtcNow;
        await page.GetByRole(AriaRole.Button, new() { Name = "Order", Exact = true }).DblClickAsync();

        await Expect(page.Locator("#order-done")).ToContainTextAsync("Thank you");
        await Expect(page.Locator("#plan")).ToHaveTextAsync("Annual subscription");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Active");
        await Expect(page.Locator("#buy")).ToBeHiddenAsync();
        await Expect(page.Locator("#order-problem")).ToBeEmptyAsync();
        // Every request the page sent for this order carried the same id: the account can only apply it once.
        string[] ids;
        lock (purchases) ids = purchases.Select(body => JsonNode.Parse(body)!["transactionId"]!.GetValue<string>()).Distinct().ToArray();
        Assert.Single(ids);
        var account = (await operatorClient.GetJsonAsync($"/api/accounts/{id}")).Body;
        Assert.Equal(("paid", "annual", "web"), (account.Text("subscription.tier"), account.Text("subscription.plan"), account.Text("subscription.channel")));
        // One year from the order, not two: an expired subscription's new period starts now.
        var expiresAt = DateTimeOffset.Parse(account.Text("subscription.expiresAt"));
        Assert.InRange(expiresAt, orderedAt.AddYears(1).AddMinutes(-1), orderedAt.AddYears(1).AddMinutes(1));
        tab.AssertNoProblems();
    }

    [SkippableFact]
    public async Task A_refused_order_shows_the_problem_detail_and_keeps_the_order()
    {
        Chromium.Require();
        var (id, key) = await web.SignUpAsync("refused");
        using var operatorClient = web.Node.Client();
        // A paid subscription in its last week: the page offers Buy. Support then moves the expiry two months ahead while
        // the cart is open, so the renewal window has closed by the time the order is sent.
        await operatorClient.PutJsonAsync($"/api/admin/accounts/{id}/subscription",
            new { expiresAt = DateTimeOffset.UtcNow.AddDays(3).ToString("O"), tier = "paid", plan = "monthly" });
        await using var tab = await web.OpenAsync("/");
        var page = tab.Page;
        await tab.SignInAsync(id, key);
        await page.Locator("#buy").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await operatorClient.PutJsonAsync($"/api/admin/accounts/{id}/subscription",
            new { expiresAt = DateTimeOffset.UtcNow.AddDays(60).ToString("O") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Order", Exact = true }).ClickAsync();

        var expected = (await operatorClient.PostJsonAsync($"/api/accounts/{id}/purchases",
            new { plan = "annual", channel = "web", transactionId = "probe-1" })).Body.Text("detail");
        await Expect(page.Locator("#order-problem")).ToHaveTextAsync(expected);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Order", Exact = true })).ToBeEnabledAsync();
        tab.AssertNoProblems();
    }
}
