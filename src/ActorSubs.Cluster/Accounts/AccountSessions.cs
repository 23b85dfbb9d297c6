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

    public bool IsEmpty => _sessions.Count == 0;

    public bool TryGet(TSession session, out SessionEntry entry) => _sessions.TryGetValue(session, out entry!);

    /// <summary>
    /// Adds (or refreshes, on a re-attach) a session. One connection per device or host: the older sessions of
    /// the same agent are removed and returned, for the caller to revoke.
    /// </summary>
    public IReadOnlyList<TSession> Attach(TSession session, SessionEntry entry)
    {
        var replaced = RemoveWhere((older, e) =>
            !older.Equals(session) && e.Kind == entry.Kind && e.AgentId == entry.AgentId);
        _sessions[session] = entry;
        return replaced;
    }

    public bool Remove(TSession session) => _sessions.Remove(session);

    /// <summary>Removes every session of one agent (it was removed from the account) and returns them.</summary>
    public IReadOnlyList<TSession> RemoveAgent(AgentKind kind, string agentId) =>
        RemoveWhere((_, e) => e.Kind == kind && e.AgentId == agentId);

    public IReadOnlyList<(TSession Session, SessionEntry Entry)> Devices() =>
        _sessions.Where(s => s.Value.Kind == AgentKind.Device).Select(s => (s.Key, s.Value)).ToList();

    /// <summary>The connected session of a host, if it is online.</summary>
    public TSession? HostSession(string hostId) =>
        _sessions.FirstOrDefault(s => s.Value.Kind == AgentKind.Host && s.Value.AgentId == hostId).Key;

    public IReadOnlySet<string> OnlineHosts() =>
        _sessions.Values.Where(s => s.Kind == AgentKind.Host).Select(s => s.AgentId).ToHashSet(StringComparer.Ordinal);

    private List<TSession> RemoveWhere(Func<TSession, SessionEntry, bool> match)
    {
        var removed = _sessions.Where(s => match(s.Key, s.Value)).Select(s => s.Key).ToList();
        foreach (var session in removed) _sessions.Remove(session);
        return removed;
    }
}
