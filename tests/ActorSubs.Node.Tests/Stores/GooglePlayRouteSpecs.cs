using System.Net;
using System.Text.Json.Nodes;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// <c>POST /api/stores/google-play/notifications</c> on a real node: a Pub/Sub push with the configured token, whose
/// meaning is read from the (fake, loopback) Play Developer API, changes the account as docs/rules.md says; a wrong
/// token is 401, a bad shape 400, a Play API failure 503 (Pub/Sub retries), and an unknown account is parked.
/// </summary>
[Collection(StoreNodeCollection.Name)]
public sealed class GooglePlayRouteSpecs(StoreNode store)
{
    // Whole milliseconds, as the wire writes times, so what is sent and what is read back compare exactly.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static string NewPurchaseToken() => "gp-token." + Guid.NewGuid().ToString("N") + new string('x', 120);

    private static string NewOrder() => $"GPA.{Random.Shared.Next(1000, 9999)}-{Random.Shared.Next(1000, 9999)}-{Random.Shared.Next(1000, 9999)}";

    private static DateTimeOffset Expiry(JsonNode view) => DateTimeOffset.Parse(view.Text("subscription.expiresAt"));

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PushAsync(int type, string purchaseToken, object state, DateTimeOffset at,
        string? messageId = null)
    {
        store.Play.Put(StoreNode.PackageName, purchaseToken, state);
        return await store.PostPlayAsync(StoreNode.SubscriptionNotification(type, purchaseToken, at), messageId ?? Guid.NewGuid().ToString());
    }

    private async Task<(string Id, string Token)> LongExpiredAccountAsync(string prefix)
    {
        var (id, token) = await store.SignUpAsync(prefix);
        using var client = store.Node.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync($"/api/admin/accounts/{id}/subscription", new { expiresAt = Now.AddDays(-60), tier = "free" })).Status);
        return (id, token);
    }

    [Fact]
    public async Task A_purchase_read_from_the_play_api_makes_the_account_paid_and_a_renewal_finds_it_through_the_link()
    {
        var (id, token) = await store.SignUpAsync("gp-buy");
        var trialEnds = Expiry(await store.AccountAsync(id));
        var purchaseToken = NewPurchaseToken();
        var start = Now.AddMinutes(-5);
        var expiry = start.AddMonths(1);

        var bought = await PushAsync(4, purchaseToken, StoreNode.State("SUBSCRIPTION_STATE_ACTIVE", NewOrder(), StoreNode.PlayMonthly, start, expiry, token), start);
        var view = await store.AccountAsync(id);

        Assert.Equal((HttpStatusCode.OK, "applied"), (bought.Status, bought.Body.Text("outcome")));
        Assert.Contains(store.Play.Requests, path => path.EndsWith("/tokens/" + purchaseToken, StringComparison.Ordinal));
        Assert.Equal(("paid", "monthly", "google-play", "true"),
            (view.Text("subscription.tier"), view.Text("subscription.plan"), view.Text("subscription.channel"), view.Text("subscription.autoRenew")));
        Assert.Equal(expiry + (trialEnds - start), Expiry(view));

        // Renewed: the state no longer carries the account id; the link of the purchase token leads to the account.
        var renewed = await PushAsync(2, purchaseToken,
            StoreNode.State("SUBSCRIPTION_STATE_ACTIVE", NewOrder() + "..0", StoreNode.PlayMonthly, start, expiry.AddMonths(1), accountToken: null), expiry);
        Assert.Equal((HttpStatusCode.OK, "applied"), (renewed.Status, renewed.Body.Text("outcome")));
        // The store's expiry is the least the account gets; the trial's rest was kept on the first period only.
        Assert.Equal(expiry.AddMonths(1), Expiry(await store.AccountAsync(id)));
    }

    [Fact]
    public async Task A_cancellation_switches_auto_renew_off_and_keeps_the_period_paid()
    {
        var (id, token) = await store.SignUpAsync("gp-cancel");
        var purchaseToken = NewPurchaseToken();
        var order = NewOrder();
        await PushAsync(4, purchaseToken, StoreNode.State("SUBSCRIPTION_STATE_ACTIVE", order, StoreNode.PlayAnnual, Now.AddMinutes(-10), Now.AddYears(1), token),
            Now.AddMinutes(-10));
        var before = await store.AccountAsync(id);

        var canceled = await PushAsync(3, purchaseToken,
            StoreNode.State("SUBSCRIPTION_STATE_CANCELED", order, StoreNode.PlayAnnual, Now.AddMinutes(-10), Now.AddYears(1), token, autoRenew: false), Now);
        var after = await store.AccountAsync(id);

        Assert.Equal(HttpStatusCode.OK, canceled.Status);
        Assert.Equal("true", before.Text("subscription.autoRenew"));
        Assert.Equal(("false", "paid", "annual"), (after.Text("subscription.autoRenew"), after.Text("subscription.tier"), after.Text("subscription.plan")));
        Assert.Equal(Expiry(before), Expiry(after));
    }

    [Theory]
    [InlineData(13, "SUBSCRIPTION_STATE_EXPIRED")]
    [InlineData(5, "SUBSCRIPTION_STATE_ON_HOLD")]
    [InlineData(10, "SUBSCRIPTION_STATE_PAUSED")]
    public async Task A_grace_period_keeps_service_and_an_expiry_hold_or_pause_ends_it(int type, string state)
    {
        var (id, token) = await LongExpiredAccountAsync("gp-grace");
        var purchaseToken = NewPurchaseToken();
        var order = NewOrder();
        await PushAsync(4, purchaseToken, StoreNode.State("SUBSCRIPTION_STATE_ACTIVE", order, StoreNode.PlayMonthly, Now.AddDays(-40), Now.AddDays(-9), token),
            Now.AddDays(-40));
        var lapsed = await store.AccountAsync(id);

        var grace = await PushAsync(6, purchaseToken,
            StoreNode.State("SUBSCRIPTION_STATE_IN_GRACE_PERIOD", order, StoreNode.PlayMonthly, Now.AddDays(-40), Now.AddDays(5), token), Now.AddDays(-9));
        var inGrace = await store.AccountAsync(id);
        var ended = await PushAsync(type, purchaseToken, StoreNode.State(state, order, StoreNode.PlayMonthly, Now.AddDays(-40), Now.AddDays(-9), token),
            Now.AddMinutes(-1));

        Assert.Equal("expired", lapsed.Text("subscription.status"));
        Assert.Equal((HttpStatusCode.OK, "grace"), (grace.Status, inGrace.Text("subscription.status")));
        Assert.Equal(HttpStatusCode.OK, ended.Status);
        Assert.Equal("expired", (await store.AccountAsync(id)).Text("subscription.status"));
    }

    [Fact]
    public async Task A_revocation_and_a_voided_purchase_take_their_periods_back()
    {
        var (revokedId, revokedToken) = await store.SignUpAsync("gp-revoke");
        var (voidedId, voidedToken) = await store.SignUpAsync("gp-void");
        var trialEnds = Expiry(await store.AccountAsync(voidedId));
        var (revokedPurchase, voidedPurchase) = (NewPurchaseToken(), NewPurchaseToken());
        var (revokedOrder, voidedOrder) = (NewOrder(), NewOrder());
        await PushAsync(4, revokedPurchase, StoreNode.State("SUBSCRIPTION_STATE_ACTIVE", revokedOrder, StoreNode.PlayMonthly, Now.AddMinutes(-9), Now.AddMonths(1), revokedToken), Now.AddMinutes(-9));
        await PushAsync(4, voidedPurchase, StoreNode.State("SUBSCRIPTION_STATE_ACTIVE", voidedOrder, StoreNode.PlayMonthly, Now.AddMinutes(-9), Now.AddMonths(1), voidedToken), Now.AddMinutes(-9));

        var revoked = await PushAsync(12, revokedPurchase,
            StoreNode.State("SUBSCRIPTION_STATE_EXPIRED", revokedOrder, StoreNode.PlayMonthly, Now.AddMinutes(-9), Now, revokedToken), Now);
        var voided = await store.PostPlayAsync(new
        {
            packageName = StoreNode.PackageName, eventTimeMillis = StoreNode.Ms(Now).ToString(System.Globalization.CultureInfo.InvariantCulture),
            voidedPurchaseNotification = new { purchaseToken = voidedPurchase, orderId = voidedOrder, productType = 1, refundType = 1 },
        }, Guid.NewGuid().ToString());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (revoked.Status, voided.Status));
        Assert.Equal("trial", (await store.AccountAsync(revokedId)).Text("subscription.tier"));
        var voidedView = await store.AccountAsync(voidedId);
        Assert.Equal("trial", voidedView.Text("subscription.tier"));
        Assert.Equal(trialEnds, Expiry(voidedView));
    }

    [Fact]
    public async Task A_redelivered_push_is_answered_200_and_changes_nothing()
    {
        var (id, token) = await store.SignUpAsync("gp-replay");
        var purchaseToken = NewPurchaseToken();
        var state = StoreNode.State("SUBSCRIPTION_STATE_ACTIVE", NewOrder(), StoreNode.PlayMonthly, Now, Now.AddMonths(1), token);
        var messageId = Guid.NewGuid().ToString();
        await PushAsync(4, purchaseToken, state, Now, messageId);
        var before = await store.AccountAsync(id);

        var again = await PushAsync(4, purchaseToken, state, Now, messageId);

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(before.ToJsonString(), (await store.AccountAsync(id)).ToJsonString());
    }

    [Fact]
    public async Task A_test_notification_is_acknowledged_without_reading_the_play_api()
    {
        var asked = store.Play.Requests.Count;

        var response = await store.PostPlayAsync(new { packageName = StoreNode.PackageName, testNotification = new { version = "1.0" } }, Guid.NewGuid().ToString());

        Assert.Equal((HttpStatusCode.OK, "ignored"), (response.Status, response.Body.Text("outcome")));
        Assert.Equal(asked, store.Play.Requests.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-push-token")]
    public async Task A_push_without_the_configured_token_is_401(string? token)
    {
        var response = await store.PostPlayAsync(StoreNode.SubscriptionNotification(4, NewPurchaseToken(), Now), Guid.NewGuid().ToString(), token);

        response.AssertProblem(HttpStatusCode.Unauthorized, "store-unauthenticated");
    }

    [Fact]
    public async Task A_purchase_token_google_play_does_not_know_is_401()
    {
        var response = await store.PostPlayAsync(StoreNode.SubscriptionNotification(4, "never-issued-" + Guid.NewGuid(), Now), Guid.NewGuid().ToString());

        response.AssertProblem(HttpStatusCode.Unauthorized, "store-unauthenticated");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"message\":{\"data\":\"!!!\",\"messageId\":\"m-1\"}}")]
    public async Task An_envelope_of_another_shape_is_400_validation(string body)
    {
        using var client = store.Node.Client(bearer: null);
        using var response = await client.PostAsync($"/api/stores/google-play/notifications?token={StoreNode.PushToken}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())).AssertProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_play_api_failure_is_503_so_that_pubsub_retries_and_the_retry_applies()
    {
        var (id, token) = await store.SignUpAsync("gp-503");
        var purchaseToken = NewPurchaseToken();
        var messageId = Guid.NewGuid().ToString();
        store.Play.Put(StoreNode.PackageName, purchaseToken, StoreNode.State("SUBSCRIPTION_STATE_ACTIVE", NewOrder(), StoreNode.PlayMonthly, Now, Now.AddMonths(1), token));
        (HttpStatusCode Status, JsonNode? Body) failed;
        store.Play.FailWith = 500;
        try
        {
            failed = await store.PostPlayAsync(StoreNode.SubscriptionNotification(4, purchaseToken, Now), messageId);
        }
        finally
        {
            store.Play.FailWith = null;
        }
        var unchanged = await store.AccountAsync(id);

        var retried = await store.PostPlayAsync(StoreNode.SubscriptionNotification(4, purchaseToken, Now), messageId);

        failed.AssertProblem(HttpStatusCode.ServiceUnavailable, "store-api-unavailable");
        Assert.Equal("trial", unchanged.Text("subscription.tier"));
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal("paid", (await store.AccountAsync(id)).Text("subscription.tier"));
    }

    [Fact]
    public async Task A_purchase_for_no_known_account_is_parked_and_counted()
    {
        var counted = await store.ParkedCounterAsync("google-play");
        var purchaseToken = NewPurchaseToken();
        var messageId = Guid.NewGuid().ToString();

        var response = await PushAsync(4, purchaseToken,
            StoreNode.State("SUBSCRIPTION_STATE_ACTIVE", NewOrder(), StoreNode.PlayMonthly, Now, Now.AddMonths(1), accountToken: null), Now, messageId);
        var newest = (await store.ParkedAsync())["notifications"]![0];

        Assert.Equal((HttpStatusCode.OK, "parked", "no-account-linked"), (response.Status, response.Body.Text("outcome"), response.Body.Text("reason")));
        Assert.Equal(("google-play", messageId, "no-account-linked", purchaseToken),
            (newest.Text("store"), newest.Text("notificationId"), newest.Text("reason"), newest.Text("reference")));
        Assert.Equal(counted + 1, await store.ParkedCounterAsync("google-play"));
    }
}
