using System.Net;
using System.Text.Json.Nodes;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// <c>POST /api/stores/app-store/notifications</c> on a real node: notifications signed by a test authority shaped like
/// Apple's change the account as docs/rules.md ("Store notifications") says; anything not signed up to the configured
/// root is 401, a bad shape 400, a replay changes nothing, and one for no known account is parked.
/// </summary>
[Collection(StoreNodeCollection.Name)]
public sealed class AppStoreRouteSpecs(StoreNode store)
{
    // Whole milliseconds, as the wire writes times, so what is sent and what is read back compare exactly.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static string NewOriginal() => "2000" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);

    private static DateTimeOffset Expiry(JsonNode view) => DateTimeOffset.Parse(view.Text("subscription.expiresAt"));

    private async Task<JsonNode> SubscribeAsync(string original, string? token, DateTimeOffset purchased, DateTimeOffset expires, string tx = "tx-1")
    {
        var response = await store.PostAppStoreAsync(store.AppStoreBody("SUBSCRIBED", "INITIAL_BUY", Guid.NewGuid().ToString(), purchased,
            StoreNode.Transaction(original + tx, original, StoreNode.AppStoreMonthly, purchased, expires, token)));
        Assert.True(response.Status == HttpStatusCode.OK, $"{response.Status} {response.Body}");
        Assert.Equal("applied", response.Body.Text("outcome"));
        return response.Body!;
    }

    /// <summary>An account whose free period ended long ago, so a store period alone decides its status.</summary>
    private async Task<(string Id, string Token)> LongExpiredAccountAsync(string prefix)
    {
        var (id, token) = await store.SignUpAsync(prefix);
        using var client = store.Node.Client();
        var adjusted = await client.PutJsonAsync($"/api/admin/accounts/{id}/subscription", new { expiresAt = Now.AddDays(-60), tier = "free" });
        Assert.Equal(HttpStatusCode.OK, adjusted.Status);
        return (id, token);
    }

    [Fact]
    public async Task Subscribed_with_the_accounts_token_makes_it_paid_keeping_the_trial_rest_and_links_the_subscription()
    {
        var (id, token) = await store.SignUpAsync("as-sub");
        var trialEnds = Expiry(await store.AccountAsync(id));
        var original = NewOriginal();
        var purchased = Now.AddMinutes(-5);
        var expires = purchased.AddMonths(1);

        await SubscribeAsync(original, token, purchased, expires);
        var view = await store.AccountAsync(id);

        Assert.Equal(("paid", "monthly", "app-store", "true"),
            (view.Text("subscription.tier"), view.Text("subscription.plan"), view.Text("subscription.channel"), view.Text("subscription.autoRenew")));
        // R4: the store's expiry plus what was left of the trial at the purchase.
        Assert.Equal(expires + (trialEnds - purchased), Expiry(view));

        // The renewal carries no token: it finds the account through the link the first notification made.
        var renewed = purchased.AddMonths(1);
        var renewal = await store.PostAppStoreAsync(store.AppStoreBody("DID_RENEW", null, Guid.NewGuid().ToString(), renewed,
            StoreNode.Transaction(original + "tx-2", original, StoreNode.AppStoreMonthly, renewed, renewed.AddMonths(1), appAccountToken: null)));
        Assert.Equal(HttpStatusCode.OK, renewal.Status);
        Assert.Equal("applied", renewal.Body.Text("outcome"));
        // The store's expiry is the least the account gets; the trial's rest was kept on the first period only.
        Assert.Equal(renewed.AddMonths(1), Expiry(await store.AccountAsync(id)));
    }

    [Fact]
    public async Task A_subscription_stays_with_the_first_account_it_was_linked_to_whatever_token_comes_later()
    {
        var (first, firstToken) = await store.SignUpAsync("as-first");
        var (second, secondToken) = await store.SignUpAsync("as-second");
        var original = NewOriginal();
        await SubscribeAsync(original, firstToken, Now.AddMinutes(-10), Now.AddMonths(1));

        var renewal = await store.PostAppStoreAsync(store.AppStoreBody("DID_RENEW", null, Guid.NewGuid().ToString(), Now,
            StoreNode.Transaction(original + "tx-2", original, StoreNode.AppStoreMonthly, Now.AddMonths(1), Now.AddMonths(2), secondToken)));

        Assert.Equal((HttpStatusCode.OK, "applied"), (renewal.Status, renewal.Body.Text("outcome")));
        Assert.Equal(Now.AddMonths(2), Expiry(await store.AccountAsync(first)));
        Assert.Equal("trial", (await store.AccountAsync(second)).Text("subscription.tier"));
    }

    [Fact]
    public async Task A_replayed_notification_is_answered_200_and_changes_nothing()
    {
        var (id, token) = await store.SignUpAsync("as-replay");
        var original = NewOriginal();
        var body = store.AppStoreBody("SUBSCRIBED", null, Guid.NewGuid().ToString(), Now,
            StoreNode.Transaction(original + "tx-1", original, StoreNode.AppStoreAnnual, Now, Now.AddYears(1), token));
        Assert.Equal(HttpStatusCode.OK, (await store.PostAppStoreAsync(body)).Status);
        var before = await store.AccountAsync(id);

        var replay = await store.PostAppStoreAsync(body);

        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal("applied", replay.Body.Text("outcome"));
        Assert.Equal(before.ToJsonString(), (await store.AccountAsync(id)).ToJsonString());
        Assert.Equal("annual", before.Text("subscription.plan"));
    }

    [Fact]
    public async Task A_change_of_renewal_status_switches_auto_renew_off_and_on()
    {
        var (id, token) = await store.SignUpAsync("as-renew");
        var original = NewOriginal();
        await SubscribeAsync(original, token, Now.AddMinutes(-10), Now.AddMonths(1));
        var transaction = StoreNode.Transaction(original + "tx-1", original, StoreNode.AppStoreMonthly, Now.AddMinutes(-10), Now.AddMonths(1), null);

        var off = await store.PostAppStoreAsync(store.AppStoreBody("DID_CHANGE_RENEWAL_STATUS", "AUTO_RENEW_DISABLED", Guid.NewGuid().ToString(),
            Now.AddMinutes(-5), transaction, StoreNode.Renewal(original, 0)));
        var afterOff = await store.AccountAsync(id);
        var on = await store.PostAppStoreAsync(store.AppStoreBody("DID_CHANGE_RENEWAL_STATUS", "AUTO_RENEW_ENABLED", Guid.NewGuid().ToString(),
            Now.AddMinutes(-1), transaction, StoreNode.Renewal(original, 1)));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (off.Status, on.Status));
        Assert.Equal("false", afterOff.Text("subscription.autoRenew"));
        Assert.Equal("true", (await store.AccountAsync(id)).Text("subscription.autoRenew"));
    }

    [Fact]
    public async Task A_failed_renewal_with_a_grace_period_keeps_service_until_the_grace_ends_and_its_expiry_ends_it()
    {
        var (id, token) = await LongExpiredAccountAsync("as-grace");
        var original = NewOriginal();
        // A period that ended nine days ago: past the configured billing grace (7 days), so the account is expired.
        await SubscribeAsync(original, token, Now.AddDays(-40), Now.AddDays(-9));
        var lapsed = await store.AccountAsync(id);
        var transaction = StoreNode.Transaction(original + "tx-1", original, StoreNode.AppStoreMonthly, Now.AddDays(-40), Now.AddDays(-9), null);

        var failed = await store.PostAppStoreAsync(store.AppStoreBody("DID_FAIL_TO_RENEW", "GRACE_PERIOD", Guid.NewGuid().ToString(), Now.AddDays(-9),
            transaction, StoreNode.Renewal(original, 1, graceEnds: Now.AddDays(5))));
        var inGrace = await store.AccountAsync(id);
        var over = await store.PostAppStoreAsync(store.AppStoreBody("GRACE_PERIOD_EXPIRED", null, Guid.NewGuid().ToString(), Now.AddMinutes(-1),
            transaction, StoreNode.Renewal(original, 1)));

        Assert.Equal("expired", lapsed.Text("subscription.status"));
        Assert.Equal(HttpStatusCode.OK, failed.Status);
        Assert.Equal("grace", inGrace.Text("subscription.status"));
        Assert.Equal(HttpStatusCode.OK, over.Status);
        Assert.Equal("expired", (await store.AccountAsync(id)).Text("subscription.status"));
    }

    [Theory]
    [InlineData("EXPIRED", "VOLUNTARY")]
    [InlineData("DID_FAIL_TO_RENEW", null)]
    public async Task An_expiry_or_a_failed_renewal_without_grace_ends_service_at_the_expiry(string type, string? subtype)
    {
        var (id, token) = await LongExpiredAccountAsync("as-exp");
        var original = NewOriginal();
        // Ended yesterday: while Apple may still renew it, the account keeps service for the billing grace.
        await SubscribeAsync(original, token, Now.AddDays(-31), Now.AddDays(-1));
        var waiting = await store.AccountAsync(id);

        var response = await store.PostAppStoreAsync(store.AppStoreBody(type, subtype, Guid.NewGuid().ToString(), Now.AddMinutes(-1),
            StoreNode.Transaction(original + "tx-1", original, StoreNode.AppStoreMonthly, Now.AddDays(-31), Now.AddDays(-1), null)));

        Assert.Equal("grace", waiting.Text("subscription.status"));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("expired", (await store.AccountAsync(id)).Text("subscription.status"));
    }

    [Theory]
    [InlineData("REFUND")]
    [InlineData("REVOKE")]
    public async Task A_refund_or_revocation_takes_the_period_back_to_the_trial(string type)
    {
        var (id, token) = await store.SignUpAsync("as-refund");
        var trialEnds = Expiry(await store.AccountAsync(id));
        var original = NewOriginal();
        await SubscribeAsync(original, token, Now.AddMinutes(-10), Now.AddMonths(1));

        var response = await store.PostAppStoreAsync(store.AppStoreBody(type, null, Guid.NewGuid().ToString(), Now,
            StoreNode.Transaction(original + "tx-1", original, StoreNode.AppStoreMonthly, Now.AddMinutes(-10), Now.AddMonths(1), null)));
        var view = await store.AccountAsync(id);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("trial", view.Text("subscription.tier"));
        Assert.True(view["subscription"].IsNullMember("plan"));
        Assert.Equal(trialEnds, Expiry(view));
    }

    [Theory]
    [InlineData("TEST")]
    [InlineData("PRICE_INCREASE")]
    public async Task Test_and_unmapped_types_are_acknowledged_and_ignored(string type)
    {
        var parkedBefore = (await store.ParkedAsync())["total"]!.GetValue<long>();

        var response = await store.PostAppStoreAsync(store.AppStoreBody(type, null, Guid.NewGuid().ToString(), Now, transaction: null));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("ignored", response.Body.Text("outcome"));
        Assert.Equal(parkedBefore, (await store.ParkedAsync())["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_notification_signed_outside_the_configured_root_or_for_another_app_is_401()
    {
        using var stranger = AppStoreAuthority.Create(name: "Stranger");
        object Notification(string bundleId) => new
        {
            notificationType = "SUBSCRIBED", notificationUUID = Guid.NewGuid().ToString(), signedDate = StoreNode.Ms(Now),
            data = new { bundleId, environment = "Production" },
        };

        var untrusted = await store.PostAppStoreAsync(new { signedPayload = stranger.Sign(Notification(StoreNode.BundleId)) });
        var wrongApp = await store.PostAppStoreAsync(new { signedPayload = store.Apple.Sign(Notification("com.example.other")) });

        untrusted.AssertProblem(HttpStatusCode.Unauthorized, "store-unauthenticated");
        wrongApp.AssertProblem(HttpStatusCode.Unauthorized, "store-unauthenticated");
    }

    [Theory]
    [InlineData("{}", "signedPayload")]
    [InlineData("{\"signedPayload\":\"not-a-jws\"}", "$")]
    [InlineData("{\"signedPayload\":42}", "signedPayload")]
    public async Task A_body_of_another_shape_is_400_validation(string body, string field)
    {
        using var client = store.Node.Client(bearer: null);
        using var response = await client.PostAsync("/api/stores/app-store/notifications",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        (response.StatusCode, problem).AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(field, problem.Text("field"));
    }

    [Fact]
    public async Task A_notification_for_no_known_account_is_answered_200_parked_listed_and_counted()
    {
        var counted = await store.ParkedCounterAsync("app-store");
        var unknownToken = Guid.NewGuid().ToString();
        var (withToken, withoutToken) = (NewOriginal(), NewOriginal());
        var uuid = Guid.NewGuid().ToString();

        var unknown = await store.PostAppStoreAsync(store.AppStoreBody("SUBSCRIBED", null, uuid, Now,
            StoreNode.Transaction(withToken + "tx-1", withToken, StoreNode.AppStoreMonthly, Now, Now.AddMonths(1), unknownToken)));
        var tokenless = await store.PostAppStoreAsync(store.AppStoreBody("SUBSCRIBED", null, Guid.NewGuid().ToString(), Now,
            StoreNode.Transaction(withoutToken + "tx-1", withoutToken, StoreNode.AppStoreMonthly, Now, Now.AddMonths(1), null)));
        var parked = await store.ParkedAsync();

        Assert.Equal((HttpStatusCode.OK, "parked", "unknown-account-token"), (unknown.Status, unknown.Body.Text("outcome"), unknown.Body.Text("reason")));
        Assert.Equal((HttpStatusCode.OK, "parked", "no-account-linked"), (tokenless.Status, tokenless.Body.Text("outcome"), tokenless.Body.Text("reason")));
        var newest = parked["notifications"]!.AsArray();
        Assert.Equal(("app-store", "no-account-linked", withoutToken), (newest[0].Text("store"), newest[0].Text("reason"), newest[0].Text("reference")));
        Assert.Equal(("app-store", uuid, "unknown-account-token", unknownToken),
            (newest[1].Text("store"), newest[1].Text("notificationId"), newest[1].Text("reason"), newest[1].Text("reference")));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", newest[0].Text("receivedAt"));
        Assert.True(parked["total"]!.GetValue<long>() >= 2);
        Assert.Equal(counted + 2, await store.ParkedCounterAsync("app-store"));
    }
}
