using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Security;
using ActorSubs.Domain;
using Akka.Actor;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Accounts;

/// <summary>
/// The live side of the account: the device and host sessions attached to it (R10, R11, R13 and the relay).
/// Sessions are not persisted: they re-attach when the entity moves or restarts.
/// </summary>
public sealed partial class AccountEntity
{
    private readonly Dictionary<IActorRef, SessionEntry> _sessions = new();

    private bool HasSessions => _sessions.Count > 0;

    private IReadOnlySet<string> OnlineHosts() =>
        _sessions.Values.Where(s => s.Kind == AgentKind.Host).Select(s => s.AgentId).ToHashSet(StringComparer.Ordinal);

    private void ReadySessions()
    {
        Command<Attach>(HandleAttach);
        Command<Acknowledge>(ack =>
        {
            if (_state is null) return;
            var decision = AccountDecider.Decide(_state, new AccountCommands.AcknowledgeNotification(new DeviceId(ack.DeviceId), ack.NotificationId), Now, _rules);
            if (!decision.IsRejected) PersistThen(decision.Events, () => { });
        });
        Command<OpenChannel>(HandleOpen);
        Command<GetSessions>(_ => Sender.Tell(new Sessions(
            _sessions.Values.Where(s => s.Kind == AgentKind.Device).Select(s => s.AgentId).ToArray(),
            _sessions.Values.Where(s => s.Kind == AgentKind.Host).Select(s => s.AgentId).ToArray())));
        Command<Terminated>(t => _sessions.Remove(t.ActorRef));
    }

    private void HandleAttach(Attach attach)
    {
        var token = TokenHashOf(attach.Kind, attach.AgentId);
        if (_state is null || token is null || !Secrets.HashesEqual(token, attach.TokenHash))
        {
            Sender.Tell(new AttachRefused(attach.SessionId, "invalid-token",
                $"This {attach.Kind.ToString().ToLowerInvariant()} token is not valid (revoked, or the {attach.Kind.ToString().ToLowerInvariant()} was removed)."));
            PassivateIfEmpty();
            return;
        }

        // One connection per device or host: a newer one replaces the older.
        foreach (var (older, entry) in _sessions.Where(s => s.Key != attach.Session && s.Value.Kind == attach.Kind && s.Value.AgentId == attach.AgentId).ToList())
        {
            older.Tell(new Revoked("replaced by a newer connection"));
            Context.Unwatch(older);
            _sessions.Remove(older);
        }

        DateTimeOffset? endsAt = null;
        BuyPrompt? prompt = null;
        if (attach.Kind == AgentKind.Device && AccountTimeline.IsExpired(_state, Now, _rules))
        {
            // R10: a device connecting while expired gets a limited session; a re-attach keeps its cut.
            endsAt = attach.SessionEndsAt ?? Now + _rules.ExpiredSessionLimit;
            prompt = PromptFor(attach.AgentId);
        }

        var pending = attach.Kind == AgentKind.Device
            ? _state.Outbox.Where(p => p.IsPendingFor(attach.AgentId)).Select(p => Decorate(p.Notification, endsAt, prompt)).ToArray()
            : [];
        Context.Watch(attach.Session);
        _sessions[attach.Session] = new SessionEntry(attach.Kind, attach.AgentId, attach.SessionId);
        Sender.Tell(new Attached(attach.SessionId, AccountView.SubscriptionOf(_state, Now, _rules), endsAt, prompt, pending,
            _state.DroppedNotifications));
    }

    private void HandleOpen(OpenChannel open)
    {
        if (_state is null || !_sessions.TryGetValue(open.DeviceSession, out var device) || device.AgentId != open.DeviceId)
        {
            open.DeviceSession.Tell(new ChannelRefused(open.ChannelId, "not-attached", "This session is not attached to the account."));
            return;
        }
        if (!_state.Hosts.ContainsKey(open.HostId))
        {
            open.DeviceSession.Tell(new ChannelRefused(open.ChannelId, "host-not-found", $"Host '{open.HostId}' is not registered on this account."));
            return;
        }
        var host = _sessions.FirstOrDefault(s => s.Value.Kind == AgentKind.Host && s.Value.AgentId == open.HostId).Key;
        if (host is null)
        {
            open.DeviceSession.Tell(new ChannelRefused(open.ChannelId, "host-offline", $"Host '{open.HostId}' is not connected."));
            return;
        }
        // The introduction: from here on the two sessions talk directly, not through the account.
        host.Tell(new ChannelRequest(open.ChannelId, open.DeviceId, open.DeviceSession));
    }

    /// <summary>After a write: push raised notifications, apply or lift session limits, drop removed agents.</summary>
    private void AnnounceChanges(AccountState? before, IReadOnlyList<IAccountEvent> events)
    {
        if (_sessions.Count == 0 || _state is null) return;
        var wasExpired = before is not null && AccountTimeline.IsExpired(before, Now, _rules);
        if (wasExpired && !AccountTimeline.IsExpired(_state, Now, _rules))
        {
            foreach (var session in DeviceSessions()) session.Key.Tell(new SessionLimit(null));
        }

        foreach (var e in events)
        {
            switch (e)
            {
                case AccountEvents.NotificationRaised raised:
                    Push(raised);
                    break;
                case AccountEvents.DeviceRemoved removed:
                    Revoke(AgentKind.Device, removed.DeviceId.Value, "the device was removed");
                    break;
                case AccountEvents.HostRemoved removed:
                    Revoke(AgentKind.Host, removed.HostId.Value, "the host was removed");
                    break;
            }
        }
    }

    private void Push(AccountEvents.NotificationRaised raised)
    {
        var notification = raised.Notification;
        foreach (var (session, entry) in DeviceSessions().Where(s => raised.Recipients.Contains(s.Value.AgentId)))
        {
            if (notification.Kind == NotificationKind.SubscriptionExpired)
            {
                // R10: told at once, cut ExpiredSessionLimit later. The session arms its own cut.
                session.Tell(new Push(Decorate(notification, notification.At + _rules.ExpiredSessionLimit, PromptFor(entry.AgentId))));
            }
            else
            {
                session.Tell(new Push(notification));
            }
        }
    }

    private void Revoke(AgentKind kind, string agentId, string reason)
    {
        foreach (var (session, _) in _sessions.Where(s => s.Value.Kind == kind && s.Value.AgentId == agentId).ToList())
        {
            session.Tell(new Revoked(reason));
            Context.Unwatch(session);
            _sessions.Remove(session);
        }
    }

    private IEnumerable<KeyValuePair<IActorRef, SessionEntry>> DeviceSessions() =>
        _sessions.Where(s => s.Value.Kind == AgentKind.Device).ToList();

    private BuyPrompt PromptFor(string deviceId) =>
        BuyPrompts.For(_state!.Devices.TryGetValue(deviceId, out var device) ? device.Platform : Platform.Web, _state, _deps.Prompts);

    private static Notification Decorate(Notification notification, DateTimeOffset? endsAt, BuyPrompt? prompt) =>
        notification.Kind == NotificationKind.SubscriptionExpired && endsAt is not null
            ? notification with { Data = notification.Data with { SessionEndsAt = endsAt, Prompt = prompt } }
            : notification;

    private string? TokenHashOf(AgentKind kind, string agentId) => kind switch
    {
        AgentKind.Device => _state?.Devices.GetValueOrDefault(agentId)?.TokenHash,
        _ => _state?.Hosts.GetValueOrDefault(agentId)?.TokenHash,
    };

    private sealed record SessionEntry(AgentKind Kind, string AgentId, string SessionId);
}
