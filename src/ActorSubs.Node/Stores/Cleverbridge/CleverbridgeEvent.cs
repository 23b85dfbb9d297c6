using System.Text.Json;
using static ActorSubs.Node.Stores.StoreVerificationException;

namespace ActorSubs.Node.Stores.Cleverbridge;

/// <summary>A Cleverbridge subscription event as it arrives (docs/api.md, store notifications).</summary>
public sealed record CleverbridgeEvent(
    string EventId,
    string EventType,
    string SubscriptionId,
    string PurchaseId,
    string AccountId,
    string Plan,
    DateTimeOffset OccurredAt,
    DateTimeOffset? NextBillingAt)
{
    /// <summary>The event types Cleverbridge sends for a subscription.</summary>
    public static readonly IReadOnlySet<string> EventTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "purchase", "renewal", "renewal-failed", "auto-renew-off", "auto-renew-on", "refund", "chargeback", "deactivated",
    };

    /// <summary>Reads a verified body; a body of another shape is <see cref="StoreVerificationFailure.Malformed"/>, naming the field.</summary>
    public static CleverbridgeEvent Read(ReadOnlySpan<byte> body)
    {
        Body? raw;
        try { raw = JsonSerializer.Deserialize<Body>(body, JsonSerializerOptions.Web); }
        catch (JsonException e) { throw Malformed($"The body is not a Cleverbridge event: {e.Message}"); }
        if (raw is null) throw Malformed("The body is empty.");
        var eventType = Required(raw.EventType, "eventType");
        if (!EventTypes.Contains(eventType))
            throw Malformed($"eventType '{eventType}' is not one of {string.Join(", ", EventTypes)}.");
        return new CleverbridgeEvent(
            Required(raw.EventId, "eventId"), eventType, Required(raw.SubscriptionId, "subscriptionId"),
            Required(raw.PurchaseId, "purchaseId"), Required(raw.AccountId, "accountId"), Required(raw.Plan, "plan"),
            raw.OccurredAt ?? throw Malformed("occurredAt is required."), raw.NextBillingAt);
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw Malformed($"{field} is required.") : value;

    private sealed record Body(string? EventId, string? EventType, string? SubscriptionId, string? PurchaseId, string? AccountId,
        string? Plan, DateTimeOffset? OccurredAt, DateTimeOffset? NextBillingAt);
}
