namespace ActorSubs.Cluster.Licences;

/// <summary>
/// R7 in docs/rules.md cluster-wide: one registry entity per licence key decides who owns it. The first account to claim a
/// key owns it forever; a later claim by the same account is granted again (a retry after a crash), any
/// other account is refused.
/// </summary>
public static class LicenceProtocol
{
    public sealed record Claim(string Key, string AccountId);

    public sealed record Granted(string Key);

    /// <summary>Owned by another account; which one is not said, so it cannot leak to the caller.</summary>
    public sealed record Refused(string Key);
}

/// <summary>Persisted by the registry entity.</summary>
public sealed record LicenceClaimed(string Key, string AccountId, DateTimeOffset At);
