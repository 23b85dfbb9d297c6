using System.Text.Json;
using ActorSubs.Cluster.Security;
using static ActorSubs.Node.Stores.StoreVerificationException;

namespace ActorSubs.Node.Stores.GooglePlay;

/// <summary>
/// A Pub/Sub push of a Google Play real-time developer notification: the envelope Pub/Sub posts
/// (<c>{message: {data, messageId, publishTime}, subscription}</c>) and the DeveloperNotification in its base64 data.
/// </summary>
public sealed record PubSubPush(string MessageId, DateTimeOffset PublishTime, DeveloperNotification Notification)
{
    /// <summary>The push token Pub/Sub was configured with (<c>?token=</c>), compared in constant time.</summary>
    public static void VerifyToken(string? given, string expected)
    {
        if (!Secrets.HashesEqual(Secrets.Hash(given ?? ""), Secrets.Hash(expected)) || string.IsNullOrEmpty(given))
            throw Untrusted("The push token is not the one configured for Pub/Sub.");
    }

    /// <summary>Reads the envelope and its notification; the package must be this deployment's app.</summary>
    public static PubSubPush Read(ReadOnlySpan<byte> body, string packageName)
    {
        Envelope? envelope;
        try { envelope = JsonSerializer.Deserialize<Envelope>(body, JsonSerializerOptions.Web); }
        catch (JsonException e) { throw Malformed($"The body is not a Pub/Sub push envelope: {e.Message}"); }
        var message = envelope?.Message ?? throw Malformed("message is required.");
        if (string.IsNullOrEmpty(message.MessageId)) throw Malformed("message.messageId is required.");
        if (string.IsNullOrEmpty(message.Data)) throw Malformed("message.data is required.");

        DeveloperNotification? notification;
        try
        {
            var data = Convert.FromBase64String(message.Data);
            notification = JsonSerializer.Deserialize<DeveloperNotification>(data, JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw Malformed($"message.data is not a base64 DeveloperNotification: {e.Message}");
        }
        if (notification is null) throw Malformed("message.data is empty.");
        if (!string.Equals(notification.PackageName, packageName, StringComparison.Ordinal))
            throw WrongRecipient(
                $"The notification is for the package '{notification.PackageName}'; this node serves '{packageName}'.");
        if (notification.SubscriptionNotification is { PurchaseToken: null or "" })
            throw Malformed("subscriptionNotification.purchaseToken is required.");
        if (notification.VoidedPurchaseNotification is { PurchaseToken: null or "" })
            throw Malformed("voidedPurchaseNotification.purchaseToken is required.");
        return new PubSubPush(message.MessageId, message.PublishTime ?? DateTimeOffset.MinValue, notification);
    }

    private sealed record Envelope(Message? Message);

    private sealed record Message(string? Data, string? MessageId, DateTimeOffset? PublishTime);
}

/// <summary>Google Play's DeveloperNotification: one of a subscription, a voided purchase or a test.</summary>
public sealed record DeveloperNotification(
    string? PackageName,
    string? EventTimeMillis,
    SubscriptionNotification? SubscriptionNotification,
    VoidedPurchaseNotification? VoidedPurchaseNotification,
    TestNotification? TestNotification);

/// <summary>
/// <paramref name="NotificationType"/> is Google's number: 1 recovered, 2 renewed, 3 canceled, 4 purchased, 5 on hold,
/// 6 in grace period, 7 restarted, 8 price change confirmed, 9 deferred, 10 paused, 11 pause schedule changed, 12 revoked,
/// 13 expired. What it means for the account is read from the Play Developer API, not from this number alone.
/// </summary>
public sealed record SubscriptionNotification(int NotificationType, string? PurchaseToken);

/// <summary>A purchase Google voided (refund, chargeback): <paramref name="OrderId"/> is the R14 in docs/rules.md transaction id.</summary>
public sealed record VoidedPurchaseNotification(string? PurchaseToken, string? OrderId, int? ProductType);

public sealed record TestNotification(string? Version);
