using System.Net;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

[Collection(SharedNodeCollection.Name)]
public sealed class SubscriptionRouteSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    private async Task<(string Id, HttpClient Owner)> NewAccountAsync(string prefix)
    {
        using var operatorClient = _node.Client();
        var id = SharedNode.NewId(prefix);
        var key = await operatorClient.SignUpAsync(id);
        return (id, _node.Client(key));
    }

    [Fact]
    public async Task A_trial_buying_annual_keeps_its_trial_days_and_a_double_click_bills_once()
    {
        var (id, owner) = await NewAccountAsync("buy");
        using var _ = owner;
        var trialEnd = DateTimeOffset.Parse((await owner.GetJsonAsync($"/api/accounts/{id}")).Body.Text("subscription.expiresAt"));
        var purchase = new { plan = "annual", channel = "web", transactionId = "cb-1" };

        var first = await owner.PostJsonAsync($"/api/accounts/{id}/purchases", purchase);
        var again = await owner.PostJsonAsync($"/api/accounts/{id}/purchases", purchase);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("paid", first.Body.Text("subscription.tier"));
        Assert.Equal("annual", first.Body.Text("subscription.plan"));
        Assert.Equal("web", first.Body.Text("subscription.channel"));
        Assert.Equal(trialEnd.AddYears(1), DateTimeOffset.Parse(first.Body.Text("subscription.expiresAt")));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Body.Text("subscription.expiresAt"), again.Body.Text("subscription.expiresAt"));
    }

    [Fact]
    public async Task Buying_again_before_the_renewal_window_names_the_opening_date()
    {
        var (id, owner) = await NewAccountAsync("early");
        using var _ = owner;
        await owner.PostJsonAsync($"/api/accounts/{id}/purchases", new { plan = "monthly", channel = "google-play", transactionId = "gp-1" });

        var early = await owner.PostJsonAsync($"/api/accounts/{id}/purchases", new { plan = "monthly", channel = "google-play", transactionId = "gp-2" });

        early.AssertProblem(HttpStatusCode.Conflict, "renewal-not-open");
        var opens = DateTimeOffset.Parse(early.Body.Text("renewalOpensAt"));
        var view = (await owner.GetJsonAsync($"/api/accounts/{id}")).Body;
        // Written exactly as the view writes the same instant: ISO-8601 UTC with milliseconds and 'Z'.
        Assert.Equal(view.Text("subscription.renewalOpensAt"), early.Body.Text("renewalOpensAt"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", early.Body.Text("renewalOpensAt"));
        Assert.Contains(opens.UtcDateTime.ToString("yyyy-MM-dd"), early.Body.Text("detail"));
    }

    [Theory]
    [InlineData("weekly", "monthly", "web", "plan")]
    [InlineData("monthly", "AppStore", "web", "channel")]
    [InlineData("monthly", "web", "", "transactionId")]
    public async Task A_purchase_with_a_bad_field_names_it(string plan, string channel, string transactionId, string field)
    {
        var (id, owner) = await NewAccountAsync("bad-buy");
        using var _ = owner;
        var body = field == "plan" ? new { plan, channel = "web", transactionId = "t" }
            : field == "channel" ? new { plan = "monthly", channel, transactionId = "t" }
            : new { plan = "monthly", channel = "web", transactionId };

        var response = await owner.PostJsonAsync($"/api/accounts/{id}/purchases", body);

        response.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(field, response.Body.Text("field"));
    }

    [Fact]
    public async Task Auto_renew_switches_on_web_and_is_refused_for_the_app_store()
    {
        var (web, webOwner) = await NewAccountAsync("ar-web");
        var (apple, appleOwner) = await NewAccountAsync("ar-apple");
        using var a = webOwner;
        using var b = appleOwner;
        await webOwner.PostJsonAsync($"/api/accounts/{web}/purchases", new { plan = "monthly", channel = "web", transactionId = "w-1" });
        await appleOwner.PostJsonAsync($"/api/accounts/{apple}/purchases", new { plan = "monthly", channel = "app-store", transactionId = "a-1" });

        var on = await webOwner.PutJsonAsync($"/api/accounts/{web}/auto-renew", new { enabled = true });
        var refused = await appleOwner.PutJsonAsync($"/api/accounts/{apple}/auto-renew", new { enabled = false });
        var missing = await webOwner.PutJsonAsync($"/api/accounts/{web}/auto-renew", new { });

        Assert.Equal(HttpStatusCode.OK, on.Status);
        Assert.Equal("true", on.Body.Text("subscription.autoRenew"));
        Assert.Equal("true", on.Body.Text("subscription.autoRenewSupported"));
        refused.AssertProblem(HttpStatusCode.Conflict, "auto-renew-managed-by-app-store");
        Assert.Contains("App Store", refused.Body.Text("detail"));
        missing.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("enabled", missing.Body.Text("field"));
    }

    [Fact]
    public async Task A_pro_licence_adds_hosts_and_a_permanent_licence_needs_a_paid_subscription()
    {
        var (id, owner) = await NewAccountAsync("lic");
        using var _ = owner;
        var key = "PDPRO-" + Guid.NewGuid().ToString("N")[..12];

        var pro = await owner.PostJsonAsync($"/api/accounts/{id}/licences", new { key, product = "desktop-pro-subscription" });
        var permanentOnTrial = await owner.PostJsonAsync($"/api/accounts/{id}/licences",
            new { key = "PERM-" + Guid.NewGuid().ToString("N")[..12], product = "desktop-permanent" });
        var badProduct = await owner.PostJsonAsync($"/api/accounts/{id}/licences", new { key = "X-1", product = "desktop" });

        Assert.Equal(HttpStatusCode.OK, pro.Status);
        Assert.Equal("10", pro.Body.Text("hostLimit"));
        Assert.Equal(key.ToUpperInvariant(), pro.Body!["licences"]![0]!["key"]!.GetValue<string>());
        permanentOnTrial.AssertProblem(HttpStatusCode.Conflict, "licence-requires-paid-subscription");
        badProduct.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("product", badProduct.Body.Text("field"));
    }

    [Fact]
    public async Task A_licence_key_registered_by_one_account_is_refused_to_another()
    {
        var (first, firstOwner) = await NewAccountAsync("lic-a");
        var (second, secondOwner) = await NewAccountAsync("lic-b");
        using var a = firstOwner;
        using var b = secondOwner;
        var key = "SHARED-" + Guid.NewGuid().ToString("N")[..12];

        var mine = await firstOwner.PostJsonAsync($"/api/accounts/{first}/licences", new { key, product = "desktop-pro-subscription" });
        var theirs = await secondOwner.PostJsonAsync($"/api/accounts/{second}/licences",
            new { key = key.ToLowerInvariant(), product = "desktop-pro-subscription" });

        Assert.Equal(HttpStatusCode.OK, mine.Status);
        theirs.AssertProblem(HttpStatusCode.Conflict, "licence-already-registered");
    }

    [Fact]
    public async Task A_web_refund_revokes_the_period_and_an_app_store_refund_goes_to_apple()
    {
        var (web, webOwner) = await NewAccountAsync("rf-web");
        var (apple, appleOwner) = await NewAccountAsync("rf-apple");
        using var a = webOwner;
        using var b = appleOwner;
        var trialEnd = (await webOwner.GetJsonAsync($"/api/accounts/{web}")).Body.Text("subscription.expiresAt");
        await webOwner.PostJsonAsync($"/api/accounts/{web}/purchases", new { plan = "annual", channel = "web", transactionId = "cb-9" });
        await appleOwner.PostJsonAsync($"/api/accounts/{apple}/purchases", new { plan = "annual", channel = "app-store", transactionId = "ios-9" });

        var refunded = await webOwner.PostJsonAsync($"/api/accounts/{web}/refunds", new { transactionId = "cb-9" });
        var viaApple = await appleOwner.PostJsonAsync($"/api/accounts/{apple}/refunds", new { transactionId = "ios-9" });
        var unknown = await webOwner.PostJsonAsync($"/api/accounts/{web}/refunds", new { transactionId = "never" });

        Assert.Equal(HttpStatusCode.OK, refunded.Status);
        Assert.Equal("trial", refunded.Body.Text("subscription.tier"));
        Assert.Equal(trialEnd, refunded.Body.Text("subscription.expiresAt"));
        viaApple.AssertProblem(HttpStatusCode.Conflict, "refund-via-apple");
        Assert.Contains("Apple", viaApple.Body.Text("detail"));
        unknown.AssertProblem(HttpStatusCode.NotFound, "transaction-not-found");
    }
}
