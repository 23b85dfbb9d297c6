using System.Text.Json;

namespace ActorSubs.LoadTest.Clients;

/// <summary>
/// What a scenario wants to hear from its clients. One instance is shared by every client of the run (no delegate per
/// client); each callback runs on the client's read loop, so it must be quick and thread-safe.
/// </summary>
public class ClientEvents
{
    /// <summary>Acknowledge each notification (<c>ack {id}</c>), as a device app does.</summary>
    public virtual bool AckNotifications => true;

    public virtual void Welcome(AgentClient client, DateTimeOffset arrival, DateTimeOffset? sessionEndsAt) { }

    public virtual void Notification(DeviceClient device, DateTimeOffset arrival, string id, string kind, DateTimeOffset? at,
        DateTimeOffset? sessionEndsAt) { }

    /// <summary>The connection ended: <paramref name="closeCode"/> null when it dropped without a close frame.</summary>
    public virtual void Closed(AgentClient client, DateTimeOffset arrival, int? closeCode, bool byClient) { }

    public virtual void ChannelOpened(DeviceClient device, string channelId) { }

    /// <summary>An <c>open</c> request reached a host; the host accepts it right after this returns.</summary>
    public virtual void ChannelRequested(HostClient host, string channelId, string deviceId) { }

    public virtual void Data(AgentClient client, string channelId, JsonElement payload, long arrivalTimestamp) { }

    public virtual void ServerError(AgentClient client, string code, string? channelId) { }
}
