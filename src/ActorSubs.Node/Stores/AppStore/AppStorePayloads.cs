using System.Text.Json.Serialization;

namespace ActorSubs.Node.Stores.AppStore;

// The decoded JWS payloads of App Store Server Notifications V2, with the fields this service reads. Names are Apple's;
// times are Unix milliseconds as Apple sends them.

/// <summary><c>ResponseBodyV2DecodedPayload</c>: the notification itself.</summary>
public sealed record AppStoreNotification(
    string NotificationType,
    string? Subtype,
    [property: JsonPropertyName("notificationUUID")] string NotificationUuid,
    AppStoreNotificationData? Data,
    AppStoreNotificationSummary? Summary,
    long? SignedDate);

/// <summary><c>data</c> of a notification about one subscription: the app it is for and the two signed parts.</summary>
public sealed record AppStoreNotificationData(
    string? BundleId,
    string? Environment,
    string? SignedTransactionInfo,
    string? SignedRenewalInfo);

/// <summary><c>summary</c> of a notification about many subscriptions (renewal extensions): only its app is checked.</summary>
public sealed record AppStoreNotificationSummary(string? BundleId, string? Environment);

/// <summary><c>JWSTransactionDecodedPayload</c>: one transaction (a purchase or a renewal).</summary>
public sealed record AppStoreTransaction(
    string TransactionId,
    string OriginalTransactionId,
    string? BundleId,
    string ProductId,
    long PurchaseDate,
    long? ExpiresDate,
    string? AppAccountToken,
    string? Environment,
    long? SignedDate);

/// <summary><c>JWSRenewalInfoDecodedPayload</c>: what happens at the end of the current period.</summary>
public sealed record AppStoreRenewalInfo(
    string OriginalTransactionId,
    string? AutoRenewProductId,
    int? AutoRenewStatus,
    long? GracePeriodExpiresDate,
    string? Environment,
    long? SignedDate);
