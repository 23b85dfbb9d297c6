using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// <c>POST /api/stores/cleverbridge/notifications</c> on a real node: events with Cleverbridge's basic auth and a real
/// HMAC of the body change the account the web cart named, as docs/rules.md says; wrong credentials or signature are
/// 401, a bad shape 400, a replay changes nothing, and an event for no account is parked.
/// </summary>
[Collection(StoreNodeCollection.Name)]
public sealed class CleverbridgeRouteSpecs(StoreNode store)
{
    // Whole milliseconds, as the wire writes times, so what is sent and what is read back compare exactly.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private static DateTimeOffset Expiry(JsonNode view) => DateTimeOffset.Parse(view.Text("subscription.expiresAt"));

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(string type, string subscription, string purchase, string account,
        DateTimeOffset at, DateTimeOffset? nextBillingAt = null, string plan = "annual")
    {
        var response = await store.PostCleverbridgeAsync(StoreNode.CleverbridgeEvent(NewId("evt"), type, subscription, purchase, account, at, plan, nextBillingAt));
        Assert.True(response.Status == HttpStatusCode.OK, $"{type}: {response.Status} {response.Body}");
        return response;
    }

    private async Task<string> LongExpiredAccountAsync(string prefix)
    {
        var (id, _) = await store.SignUpAsync(prefix);
        using var client = store.Node.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync($"/api/admin/accounts/{id}/subscription", new { expiresAt = Now.AddDays(-60), tier = "free" })).Status);
        return id;
    }

    [Fact]
    public async Task A_purchase_makes_the_named_account_paid_keeping_the_trial_rest_and_a_renewal_extends_it()
    {
        var (id, _) = await store.SignUpAsync("cb-buy");
        var trialEnds = Expiry(await store.AccountAsync(id));
        var subscription = NewId("sub");
        var at = Now.AddMinutes(-5);

        var bought = await SendAsync("purchase", subscription, NewId("p"), id, at, at.AddYears(1));
        var view = await store.AccountAsync(id);
        var renewed = await SendAsync("renewal", subscription, NewId("p"), id, at.AddYears(1), at.AddYears(2));

        Assert.Equal("applied", bought.Body.Text("outcome"));
        Assert.Equal(("paid", "annual", "web", "false"),
            (view.Text("subscription.tier"), view.Text("subscription.plan"), view.Text("subscription.channel"), view.Text("subscription.autoRenew")));
        Assert.Equal(at.AddYears(1) + (trialEnds - at), Expiry(view));
        Assert.Equal("applied", renewed.Body.Text("outcome"));
        // The store's expiry is the least the account gets; the trial's rest was kept on the first period only.
        Assert.Equal(at.AddYears(2), Expiry(await store.AccountAsync(id)));
    }

    [Fact]
    public async Task Auto_renew_is_switched_on_and_off_by_its_events()
    {
        var (id, _) = await store.SignUpAsync("cb-ar");
        var subscription = NewId("sub");
        await SendAsync("purchase", subscription, NewId("p"), id, Now.AddMinutes(-10), Now.AddYears(1));

        await SendAsync("auto-renew-on", subscription, NewId("p"), id, Now.AddMinutes(-5));
        var on = await store.AccountAsync(id);
        await SendAsync("auto-renew-off", subscription, NewId("p"), id, Now.AddMinutes(-1));

        Assert.Equal("true", on.Text("subscription.autoRenew"));
        Assert.Equal("false", (await store.AccountAsync(id)).Text("subscription.autoRenew"));
    }

    [Fact]
    public async Task A_failed_renewal_raises_renewal_failed_for_the_accounts_devices()
    {
        var (id, _) = await store.SignUpAsync("cb-fail");
        using var client = store.Node.Client();
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "laptop", platform = "web", name = "Laptop" })).Status);
        var subscription = NewId("sub");
        await SendAsync("purchase", subscription, NewId("p"), id, Now.AddMinutes(-10), Now.AddYears(1));
        await SendAsync("auto-renew-on", subscription, NewId("p"), id, Now.AddMinutes(-9));

        await SendAsync("renewal-failed", subscription, NewId("p"), id, Now.AddMinutes(-1));
        var (_, notifications) = await client.GetJsonAsync($"/api/accounts/{id}/notifications");

        Assert.Contains(notifications!["notifications"]!.AsArray(), n => n.Text("kind") == "renewal-failed");
    }

    [Fact]
    public async Task A_deactivation_ends_service_at_the_expiry()
    {
        var id = await LongExpiredAccountAsync("cb-deact");
        var subscription = NewId("sub");
        // Ended three days ago with auto-renew on: the account keeps service for the billing grace.
        await SendAsync("purchase", subscription, NewId("p"), id, Now.AddDays(-33), Now.AddDays(-3), plan: "monthly");
        await SendAsync("auto-renew-on", subscription, NewId("p"), id, Now.AddDays(-32));
        var waiting = await store.AccountAsync(id);

        await SendAsync("deactivated", subscription, NewId("p"), id, Now.AddMinutes(-1));

        Assert.Equal("grace", waiting.Text("subscription.status"));
        Assert.Equal("expired", (await store.AccountAsync(id)).Text("subscription.status"));
    }

    [Theory]
    [InlineData("refund")]
    [InlineData("chargeback")]
    public async Task A_refund_or_chargeback_revokes_the_purchase(string type)
    {
        var (id, _) = await store.SignUpAsync("cb-refund");
        var trialEnds = Expiry(await store.AccountAsync(id));
        var subscription = NewId("sub");
        var purchase = NewId("p");
        await SendAsync("purchase", subscription, purchase, id, Now.AddMinutes(-10), Now.AddYears(1));

        await SendAsync(type, subscription, purchase, id, Now);
        var view = await store.AccountAsync(id);

        Assert.Equal("trial", view.Text("subscription.tier"));
        Assert.Equal(trialEnds, Expiry(view));
    }

    [Fact]
    public async Task A_replayed_event_is_answered_200_and_changes_nothing()
    {
        var (id, _) = await store.SignUpAsync("cb-replay");
        var evt = StoreNode.CleverbridgeEvent(NewId("evt"), "purchase", NewId("sub"), NewId("p"), id, Now, "monthly", Now.AddMonths(1));
        Assert.Equal(HttpStatusCode.OK, (await store.PostCleverbridgeAsync(evt)).Status);
        var before = await store.AccountAsync(id);

        var replay = await store.PostCleverbridgeAsync(evt);

        Assert.Equal((HttpStatusCode.OK, "applied"), (replay.Status, replay.Body.Text("outcome")));
        Assert.Equal(before.ToJsonString(), (await store.AccountAsync(id)).ToJsonString());
    }

    [Fact]
    public async Task Wrong_credentials_or_a_wrong_signature_are_401_and_change_nothing()
    {
        var (id, _) = await store.SignUpAsync("cb-401");
        var evt = StoreNode.CleverbridgeEvent(NewId("evt"), "purchase", NewId("sub"), NewId("p"), id, Now, "annual", Now.AddYears(1));

        var wrongPassword = await store.PostCleverbridgeAsync(evt, password: "not-the-password");
        var wrongKey = await store.PostCleverbridgeAsync(evt, signingKey: "not-the-signing-key");

        wrongPassword.AssertProblem(HttpStatusCode.Unauthorized, "store-unauthenticated");
        wrongKey.AssertProblem(HttpStatusCode.Unauthorized, "store-unauthenticated");
        Assert.Equal("trial", (await store.AccountAsync(id)).Text("subscription.tier"));
    }

    [Theory]
    [InlineData("{\"eventType\":\"purchase\"}")]
    [InlineData("{\"eventId\":\"e\",\"eventType\":\"purchase\",\"subscriptionId\":\"s\",\"purchaseId\":\"p\",\"accountId\":\"a\",\"plan\":\"weekly\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"eventId\":\"e\",\"eventType\":\"upgrade\",\"subscriptionId\":\"s\",\"purchaseId\":\"p\",\"accountId\":\"a\",\"plan\":\"annual\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("[1,2]")]
    public async Task A_correctly_signed_body_of_another_shape_is_400_validation(string body)
    {
        var response = await store.PostCleverbridgeAsync(new { }, rawBody: Encoding.UTF8.GetBytes(body));

        response.AssertProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task An_event_for_an_account_that_does_not_exist_is_parked_and_counted()
    {
        var counted = await store.ParkedCounterAsync("cleverbridge");
        var nobody = NewId("nobody");
        var eventId = NewId("evt");

        var response = await store.PostCleverbridgeAsync(StoreNode.CleverbridgeEvent(eventId, "purchase", NewId("sub"), NewId("p"), nobody, Now, "annual", Now.AddYears(1)));
        var newest = (await store.ParkedAsync())["notifications"]![0];

        Assert.Equal((HttpStatusCode.OK, "parked", "account-not-found"), (response.Status, response.Body.Text("outcome"), response.Body.Text("reason")));
        Assert.Equal(("cleverbridge", eventId, "account-not-found", nobody), (newest.Text("store"), newest.Text("notificationId"), newest.Text("reason"), newest.Text("reference")));
        Assert.Equal(counted + 1, await store.ParkedCounterAsync("cleverbridge"));
    }
}
