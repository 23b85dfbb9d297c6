namespace ActorSubs.Cluster.Stores;

/// <summary>The store a notification came from, as the parking list and the store link keys name it.</summary>
public enum StoreName { AppStore, GooglePlay, Cleverbridge }

/// <summary>
/// A verified store notification that reached no account, kept for operators: answered 200 so that the store stops
/// retrying it, never silently dropped. <paramref name="Reason"/> is kebab-case (<c>no-account-linked</c>, ...);
/// <paramref name="Reference"/> the token or store subscription id that failed to lead to an account.
/// </summary>
public sealed record ParkedNotification(StoreName Store, string NotificationId, DateTimeOffset ReceivedAt, string Reason, string Reference);

/// <summary>Messages of the parked-notification list, a single entity for the whole cluster.</summary>
public static class ParkedProtocol
{
    /// <summary>The one entity id of the list.</summary>
    public const string EntityId = "parked";

    /// <summary>How many notifications the list keeps, newest first; the total counts every one ever parked.</summary>
    public const int Kept = 1000;

    public interface IParkedMessage;

    public sealed record Park(ParkedNotification Notification) : IParkedMessage;

    /// <summary>
    /// The notification is stored. <paramref name="Added"/> is false when the same notification (store and id) was
    /// already among the kept ones: a store's redelivery is not counted twice.
    /// </summary>
    public sealed record ParkStored(bool Added);

    public sealed record GetParked : IParkedMessage
    {
        public static readonly GetParked Instance = new();
    }

    public sealed record ParkedList(long Total, ParkedNotification[] Notifications);
}

/// <summary>Persisted by the list for each notification parked.</summary>
public sealed record NotificationParked(ParkedNotification Notification);

/// <summary>The list's snapshot: the running total and the kept notifications, oldest first.</summary>
public sealed record ParkedSnapshot(long Total, ParkedNotification[] Kept);
