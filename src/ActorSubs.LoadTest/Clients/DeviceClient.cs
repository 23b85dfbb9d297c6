using System.Text.Json;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Clients;

/// <summary>
/// A phone, tablet or browser on <c>/ws/device</c>: takes the welcome, shows and acknowledges notifications, opens
/// channels to its account's hosts and sends and receives relayed data.
/// </summary>
public sealed class DeviceClient(ClientHub hub, FleetMember member)
    : AgentClient(hub, member.Account.AccountId, member.Agent.Id, member.Agent.Token)
{
    public FleetMember Member { get; } = member;

    protected override string Path => "/ws/device";

    protected override string ServerDirection => Counters.ServerToDevice;

    protected override string ToServerDirection => Directions.DeviceToServer;

    protected override string DataDirectionIn => Counters.HostToDevice;

    /// <summary><c>open {hostId}</c>: asks the account for a channel to one of its hosts.</summary>
    public ValueTask<bool> OpenChannelAsync(string hostId) =>
        SendToServerAsync($$"""{"type":"open","hostId":{{JsonSerializer.Serialize(hostId)}}}""");

    protected override void OnFrame(string type, JsonElement root)
    {
        switch (type)
        {
            case "notification":
                var id = Text(root, "id");
                var kind = Text(root, "kind") ?? "unknown";
                Hub.Recorder.Count("notifications." + kind);
                DateTimeOffset? endsAt = root.TryGetProperty("data", out var data) ? TimeOf(data, "sessionEndsAt") : null;
                Hub.Events.Notification(this, DateTimeOffset.UtcNow, id ?? "", kind, TimeOf(root, "at"), endsAt);
                if (id is not null && Hub.Events.AckNotifications)
                    _ = SendToServerAsync($$"""{"type":"ack","id":{{JsonSerializer.Serialize(id)}}}""");
                break;
            case "opened":
                if (Text(root, "channelId") is { } channel) Hub.Events.ChannelOpened(this, channel);
                break;
            case "close":
                Hub.Recorder.Count("channels.closed-by-peer");
                break;
            default:
                Hub.Recorder.Count("frames.unexpected." + type);
                break;
        }
    }
}

/// <summary>A host agent on <c>/ws/host</c>: shows online, accepts every channel a device opens and relays data.</summary>
public sealed class HostClient(ClientHub hub, FleetMember member)
    : AgentClient(hub, member.Account.AccountId, member.Agent.Id, member.Agent.Token)
{
    public FleetMember Member { get; } = member;

    protected override string Path => "/ws/host";

    protected override string ServerDirection => Directions.ServerToHost;

    protected override string ToServerDirection => Directions.HostToServer;

    protected override string DataDirectionIn => Counters.DeviceToHost;

    protected override void OnFrame(string type, JsonElement root)
    {
        switch (type)
        {
            case "open":
                var channel = Text(root, "channelId");
                if (channel is null)
                {
                    Hub.Recorder.Error("bad-open-request");
                    return;
                }
                Hub.Events.ChannelRequested(this, channel, Text(root, "deviceId") ?? "");
                _ = SendToServerAsync($$"""{"type":"accept","channelId":{{JsonSerializer.Serialize(channel)}}}""");
                break;
            case "close":
                Hub.Recorder.Count("channels.closed-by-peer");
                break;
            case "notification":
                Hub.Recorder.Count("notifications.to-host");
                break;
            default:
                Hub.Recorder.Count("frames.unexpected." + type);
                break;
        }
    }
}
