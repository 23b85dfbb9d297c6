using ActorSubs.Cluster.Gateway;

namespace ActorSubs.Cluster.Accounts;

/// <summary>One live connection of a device or host agent to its account.</summary>
public sealed record SessionEntry(AgentKind Kind, string AgentId, string SessionId, DateTimeOffset ConnectedAt);

/// <summary>
/// The device and host sessions attached to one account: bookkeeping only (the entity owns one and does the
/// messaging), generic over the session handle so it is tested without an actor system. Not persisted:
/// sessions attach again when the entity moves or restarts.
/// </summary>
public sealed class AccountSessions<TSession> where TSession : notnull
{
    private readonly Dictionary<TSession, SessionEntry> _sessions = new();

    public int Count => _sessions.Count;

    public bool IsEmpty => _sessions.Count == 0;

    public bool TryGet(TSession session, out SessionEntry entry) => _sessions.TryGetValue(session, out entry!);

    /// <summary>
    /// Adds (or refreshes, on a re-attach) a session. One connection per device or host: the older sessions of
    /// the same agent are removed and returned, for the caller to revoke.
    /// </summary>
    public IReadOnlyList<TSession> Attach(TSession session, SessionEntry entry)
    {
        var replaced = _sessions
            .Where(s => !s.Key.Equals(session) && s.Value.Kind == entry.Kind && s.Value.AgentId == entry.AgentId)
            .Select(s => s.Key)
            .ToList();
        foreach (var older in replaced) _sessions.Remove(older);
        _sessions[session] = entry;
        return replaced;
    }

    public bool Remove(TSession session) => _sessions.Remove(session);

    /// <summary>Removes every session of one agent (it was removed from the account) and returns them.</summary>
    public IReadOnlyList<TSession> RemoveAgent(AgentKind kind, string agentId)
    {
        var removed = _sessions.Where(s => s.Value.Kind == kind && s.Value.AgentId == agentId).Select(s => s.Key).ToList();
        foreach (var session in removed) _sessions.Remove(session);
        return removed;
    }

    public IReadOnlyList<(TSession Session, SessionEntry Entry)> Devices() =>
        _sessions.Where(s => s.Value.Kind == AgentKind.Device).Select(s => (s.Key, s.Value)).ToList();

    /// <summary>The connected session of a host, if it is online.</summary>
    public TSession? HostSession(string hostId)
    {
        foreach (var (session, entry) in _sessions)
        {
            if (entry.Kind == AgentKind.Host && entry.AgentId == hostId) return session;
        }
        return default;
    }

    public IReadOnlySet<string> OnlineHosts() =>
        _sessions.Values.Where(s => s.Kind == AgentKind.Host).Select(s => s.AgentId).ToHashSet(StringComparer.Ordinal);
}
