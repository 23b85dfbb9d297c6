namespace ActorSubs.Domain;

/// <summary>R13 in docs/rules.md: what a notification is about. Wire names are kebab-case (<c>subscription-expired</c>).</summary>
public enum NotificationKind { ExpiringSoon, SubscriptionExpired, Renewed, RenewalFailed, SubscriptionExtended, HostsAdded }

/// <summary>
/// R11: how the device should offer a purchase. <paramref name="Action"/> is a stable machine name
/// (<c>buy-in-app-store</c>, <c>manage-auto-renew</c>, <c>buy-subscription</c>).
/// </summary>
public sealed record BuyPrompt(string Action, string? Url, string[]? Products, string Message);

/// <summary>
/// The facts a notification carries. Only the members that apply are set; on a device's wire the session
/// adds its own <see cref="SessionEndsAt"/> and <see cref="Prompt"/>, which depend on the device.
/// </summary>
public sealed record NotificationData
{
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? GraceEndsAt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public int? Attempt { get; init; }
    public int? HostLimit { get; init; }
    public TimeSpan? Lead { get; init; }
    /// <summary>For what the clock raises (reminders, the expiry): the instant it was due; the notification's <c>at</c> is when it fired.</summary>
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? SessionEndsAt { get; init; }
    public BuyPrompt? Prompt { get; init; }
}

public sealed record Notification(string Id, NotificationKind Kind, DateTimeOffset At, NotificationData Data);

/// <summary>A notification kept for the devices that have not acknowledged it yet (R13).</summary>
public sealed record PendingNotification(Notification Notification, string[] Recipients, string[] AcknowledgedBy)
{
    public bool IsPendingFor(string deviceId) => Recipients.Contains(deviceId) && !AcknowledgedBy.Contains(deviceId);
}
