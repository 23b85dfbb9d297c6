namespace ActorSubs.Testing;

/// <summary>A node a test reaches over HTTP and WebSockets, whether in the test's process or a process of its own.</summary>
public interface INodeAddress
{
    Uri BaseAddress { get; }
}

/// <summary>The operator key every test node is started with.</summary>
public static class TestKeys
{
    public const string Operator = "test-operator-key-0123456789";

    /// <summary>
    /// Every test reaches its node from 127.0.0.1, and many specs send refused credentials on purpose (a revoked token,
    /// another account's key): at the product default of 10 a minute per address, one spec's refusals would lock the
    /// next spec out. Test nodes therefore allow many; the lockout's own specs set a small limit. Sign-ups keep the
    /// product default because the helpers sign up with the operator key, which is never limited.
    /// </summary>
    public const string FailedAuthenticationLimitKey = "ActorSubs:RateLimits:FailedAuthentication:PermitLimit";

    public const string FailedAuthenticationLimit = "1000000";
}
