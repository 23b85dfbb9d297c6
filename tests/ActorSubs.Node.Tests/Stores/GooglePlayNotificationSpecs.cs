using System.Text;
using System.Text.Json;
using ActorSubs.Node.Stores;
using ActorSubs.Node.Stores.GooglePlay;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// A Google Play push is read only with the configured push token and for this app, and what it means comes from the
/// Play Developer API (a real HTTP server on loopback here), whose failures are technical, never a verdict on the account.
/// </summary>
public sealed class GooglePlayNotificationSpecs
{
    private const string Package = "com.example.access";

    [Fact]
    public void A_push_is_read_with_its_message_id_and_developer_notification()
    {
        var push = PubSubPush.Read(Envelope(new { version = "1.0", packageName = Package, eventTimeMillis = "1764496800000",
            subscriptionNotification = new { version = "1.0", notificationType = 2, purchaseToken = "tok-1", subscriptionId = "access.annual" } }), Package);

        Assert.Equal("msg-1", push.MessageId);
        Assert.Equal((2, "tok-1"), (push.Notification.SubscriptionNotification!.NotificationType, push.Notification.SubscriptionNotification.PurchaseToken));
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T10:00:00Z"), push.PublishTime);
    }

    [Fact]
    public void Voided_purchases_and_test_notifications_are_read_too()
    {
        var voided = PubSubPush.Read(Envelope(new { packageName = Package,
            voidedPurchaseNotification = new { purchaseToken = "tok-1", orderId = "GPA.1234", productType = 1, refundType = 1 } }), Package);
        var test = PubSubPush.Read(Envelope(new { packageName = Package, testNotification = new { version = "1.0" } }), Package);

        Assert.Equal("GPA.1234", voided.Notification.VoidedPurchaseNotification!.OrderId);
        Assert.NotNull(test.Notification.TestNotification);
    }

    [Fact]
    public void A_push_for_another_app_is_for_another_recipient() =>
        Assert.Equal(StoreVerificationFailure.WrongRecipient, Assert.Throws<StoreVerificationException>(() =>
            PubSubPush.Read(Envelope(new { packageName = "com.example.other", testNotification = new { version = "1.0" } }), Package)).Failure);

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"message\":{\"messageId\":\"m\"}}")]
    [InlineData("{\"message\":{\"data\":\"!!!\",\"messageId\":\"m\"}}")]
    [InlineData("{\"message\":{\"data\":\"e30=\"}}")]
    [InlineData("not json")]
    public void An_envelope_of_another_shape_is_malformed(string body) =>
        Assert.Equal(StoreVerificationFailure.Malformed,
            Assert.Throws<StoreVerificationException>(() => PubSubPush.Read(Encoding.UTF8.GetBytes(body), Package)).Failure);

    [Fact]
    public void A_subscription_notification_without_a_purchase_token_is_malformed() =>
        Assert.Equal(StoreVerificationFailure.Malformed, Assert.Throws<StoreVerificationException>(() => PubSubPush.Read(
            Envelope(new { packageName = Package, subscriptionNotification = new { notificationType = 4 } }), Package)).Failure);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-token")]
    [InlineData("push-token-0001x")]
    public void Only_the_configured_push_token_is_accepted(string? given)
    {
        PubSubPush.VerifyToken("push-token-0001", "push-token-0001");
        Assert.Equal(StoreVerificationFailure.Untrusted,
            Assert.Throws<StoreVerificationException>(() => PubSubPush.VerifyToken(given, "push-token-0001")).Failure);
    }

    [Fact]
    public async Task The_subscriptions_state_is_read_from_the_play_developer_api_with_the_access_token()
    {
        await using var play = await FakePlayDeveloperApi.StartAsync();
        play.Put(Package, "tok-1", new
        {
            subscriptionState = "SUBSCRIPTION_STATE_ACTIVE", latestOrderId = "GPA.1234-5678", startTime = "2026-11-30T10:00:00Z",
            externalAccountIdentifiers = new { obfuscatedExternalAccountId = "5f1c7b9e-1111-4222-8333-444455556666" },
            lineItems = new[] { new { productId = "access.annual", expiryTime = "2027-11-30T10:00:00Z", autoRenewingPlan = new { autoRenewEnabled = true } } },
        });
        using var http = new HttpClient();

        var state = await Api(play, http).GetSubscriptionAsync("tok-1", CancellationToken.None);

        Assert.Equal(("SUBSCRIPTION_STATE_ACTIVE", "GPA.1234-5678"), (state.SubscriptionState, state.LatestOrderId));
        Assert.Equal("5f1c7b9e-1111-4222-8333-444455556666", state.ExternalAccountIdentifiers!.ObfuscatedExternalAccountId);
        Assert.Equal(("access.annual", true), (state.LineItems![0].ProductId, state.LineItems[0].AutoRenewingPlan!.AutoRenewEnabled));
        Assert.Equal(DateTimeOffset.Parse("2027-11-30T10:00:00Z"), state.LineItems[0].ExpiryTime);
        Assert.Equal($"/androidpublisher/v3/applications/{Package}/purchases/subscriptionsv2/tokens/tok-1", Assert.Single(play.Requests));
    }

    [Fact]
    public async Task A_purchase_token_google_does_not_know_is_untrusted()
    {
        await using var play = await FakePlayDeveloperApi.StartAsync();
        using var http = new HttpClient();
        var refused = await Assert.ThrowsAsync<StoreVerificationException>(() => Api(play, http).GetSubscriptionAsync("forged", CancellationToken.None));
        Assert.Equal(StoreVerificationFailure.Untrusted, refused.Failure);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(401)]
    public async Task An_error_from_the_api_is_a_technical_failure_not_a_verdict(int status)
    {
        await using var play = await FakePlayDeveloperApi.StartAsync();
        play.Put(Package, "tok-1", new { subscriptionState = "SUBSCRIPTION_STATE_ACTIVE" });
        play.FailWith = status;
        using var http = new HttpClient();
        var failure = await Assert.ThrowsAsync<PlayDeveloperApiUnavailableException>(() => Api(play, http).GetSubscriptionAsync("tok-1", CancellationToken.None));
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Message);
    }

    [Fact]
    public async Task An_api_that_does_not_answer_in_time_or_cannot_be_reached_is_a_technical_failure()
    {
        await using var play = await FakePlayDeveloperApi.StartAsync();
        play.Put(Package, "tok-1", new { subscriptionState = "SUBSCRIPTION_STATE_ACTIVE" });
        play.Stall = TimeSpan.FromSeconds(5);
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        await Assert.ThrowsAsync<PlayDeveloperApiUnavailableException>(() => Api(play, impatient).GetSubscriptionAsync("tok-1", CancellationToken.None));

        var closedPort = FreePorts.Take();
        using var http = new HttpClient();
        var nowhere = new PlayDeveloperApi(http, new Uri($"http://127.0.0.1:{closedPort}/"), FakePlayDeveloperApi.AccessToken, Package);
        await Assert.ThrowsAsync<PlayDeveloperApiUnavailableException>(() => nowhere.GetSubscriptionAsync("tok-1", CancellationToken.None));
    }

    private static PlayDeveloperApi Api(FakePlayDeveloperApi play, HttpClient http) =>
        new(http, play.BaseUrl, FakePlayDeveloperApi.AccessToken, Package);

    private static byte[] Envelope(object notification) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        message = new
        {
            data = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(notification)),
            messageId = "msg-1",
            publishTime = "2026-11-30T10:00:00Z",
        },
        subscription = "projects/example/subscriptions/play",
    });
}
