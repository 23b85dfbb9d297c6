using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActorSubs.Node.Stores;
using ActorSubs.Node.Stores.Cleverbridge;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>A Cleverbridge notification is read only with Cleverbridge's basic auth and the HMAC of its exact body.</summary>
public sealed class CleverbridgeVerificationSpecs
{
    private const string User = "cb-user";
    private const string Password = "cb-password-0001";
    private const string SigningKey = "cb-signing-key-0001";
    private readonly CleverbridgeRequestVerifier _verifier = new(User, Password, SigningKey);

    [Fact]
    public void Cleverbridges_credentials_and_signature_are_accepted_and_the_event_is_read()
    {
        var body = Body(new { eventId = "ev-1", eventType = "renewal", subscriptionId = "sub-9", purchaseId = "p-77", accountId = "acme",
            plan = "annual", occurredAt = "2026-11-30T10:00:00Z", nextBillingAt = "2027-11-30T10:00:00Z" });

        _verifier.Verify(Basic(User, Password), Signature(body), body);
        var read = CleverbridgeEvent.Read(body);

        Assert.Equal(("ev-1", "renewal", "sub-9", "p-77", "acme", "annual"),
            (read.EventId, read.EventType, read.SubscriptionId, read.PurchaseId, read.AccountId, read.Plan));
        Assert.Equal(DateTimeOffset.Parse("2027-11-30T10:00:00Z"), read.NextBillingAt);
    }

    [Fact]
    public void An_upper_case_hex_signature_is_the_same_signature()
    {
        var body = Body(Event("purchase"));
        _verifier.Verify(Basic(User, Password), Signature(body).ToUpperInvariant().Replace("SHA256=", "sha256="), body);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer cb-password-0001")]
    [InlineData("Basic !!!")]
    public void A_request_without_basic_credentials_is_untrusted(string? authorization)
    {
        var body = Body(Event("purchase"));
        AssertUntrusted(() => _verifier.Verify(authorization, Signature(body), body));
    }

    [Theory]
    [InlineData(User, "wrong-password")]
    [InlineData("someone", Password)]
    [InlineData(User, Password + "x")]
    public void Wrong_credentials_are_untrusted_even_with_a_good_signature(string user, string password)
    {
        var body = Body(Event("purchase"));
        AssertUntrusted(() => _verifier.Verify(Basic(user, password), Signature(body), body));
    }

    [Fact]
    public void A_signature_of_another_body_or_under_another_key_or_missing_is_untrusted()
    {
        var body = Body(Event("purchase"));
        var other = Body(Event("refund"));
        AssertUntrusted(() => _verifier.Verify(Basic(User, Password), Signature(other), body));
        AssertUntrusted(() => _verifier.Verify(Basic(User, Password), Signature(body, "another-key"), body));
        AssertUntrusted(() => _verifier.Verify(Basic(User, Password), null, body));
        AssertUntrusted(() => _verifier.Verify(Basic(User, Password), Signature(body).Replace("sha256=", ""), body));
        AssertUntrusted(() => _verifier.Verify(Basic(User, Password), "sha256=zz", body));
    }

    [Theory]
    [InlineData("purchase")]
    [InlineData("renewal")]
    [InlineData("renewal-failed")]
    [InlineData("auto-renew-off")]
    [InlineData("auto-renew-on")]
    [InlineData("refund")]
    [InlineData("chargeback")]
    [InlineData("deactivated")]
    public void Every_event_type_cleverbridge_sends_is_read(string type) =>
        Assert.Equal(type, CleverbridgeEvent.Read(Body(Event(type))).EventType);

    [Theory]
    [InlineData("eventId")]
    [InlineData("eventType")]
    [InlineData("subscriptionId")]
    [InlineData("purchaseId")]
    [InlineData("accountId")]
    [InlineData("plan")]
    [InlineData("occurredAt")]
    public void An_event_without_a_required_field_is_malformed_and_the_detail_names_it(string field)
    {
        var fields = JsonSerializer.SerializeToNode(Event("purchase"))!.AsObject();
        fields.Remove(field);
        var refused = Assert.Throws<StoreVerificationException>(() => CleverbridgeEvent.Read(Encoding.UTF8.GetBytes(fields.ToJsonString())));
        Assert.Equal(StoreVerificationFailure.Malformed, refused.Failure);
        Assert.Contains(field, refused.Message);
    }

    [Theory]
    [InlineData("{\"eventType\":\"upgrade\"}")]
    [InlineData("not json")]
    [InlineData("null")]
    public void An_unknown_event_type_or_a_body_that_is_not_an_event_is_malformed(string body)
    {
        var refused = Assert.Throws<StoreVerificationException>(() => CleverbridgeEvent.Read(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(StoreVerificationFailure.Malformed, refused.Failure);
    }

    private static void AssertUntrusted(Action verify) =>
        Assert.Equal(StoreVerificationFailure.Untrusted, Assert.Throws<StoreVerificationException>(verify).Failure);

    private static object Event(string type) => new
    {
        eventId = $"ev-{type}", eventType = type, subscriptionId = "sub-1", purchaseId = $"p-{type}", accountId = "acme", plan = "monthly",
        occurredAt = "2026-11-30T10:00:00Z",
    };

    private static byte[] Body(object payload) => JsonSerializer.SerializeToUtf8Bytes(payload);

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static string Signature(byte[] body, string key = SigningKey) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));
}
