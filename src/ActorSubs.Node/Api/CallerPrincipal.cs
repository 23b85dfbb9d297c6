using System.Security.Claims;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;

namespace ActorSubs.Node.Api;

/// <summary>A device or host agent as its token named it; the account still has to accept the token's hash.</summary>
public sealed record AgentCredential(AgentKind Kind, string AccountId, string AgentId, string TokenHash);

/// <summary>
/// Reads the principal that <see cref="BearerAuthenticationHandler"/> made: on a route whose policy admitted it, and
/// for the abuse limits, which read it between authentication and authorization.
/// </summary>
public static class CallerPrincipal
{
    /// <summary>The caller of an account route (policy <see cref="ApiPolicies.Account"/> or <see cref="ApiPolicies.Operator"/>).</summary>
    public static Caller ToCaller(this ClaimsPrincipal user) => user.FindFirstValue(BearerCredential.KindClaim) switch
    {
        BearerCredential.Operator => Caller.Operator,
        BearerCredential.AccountKey => Caller.WithKey(Required(user, BearerCredential.SecretHashClaim)),
        var kind => throw new InvalidOperationException($"A route read a caller from a '{kind ?? "missing"}' credential: its policy should have refused it."),
    };

    /// <summary>The agent of a WebSocket route (policy <see cref="ApiPolicies.Device"/> or <see cref="ApiPolicies.Host"/>).</summary>
    public static AgentCredential ToAgent(this ClaimsPrincipal user) => new(
        user.FindFirstValue(BearerCredential.KindClaim) switch
        {
            BearerCredential.DeviceToken => AgentKind.Device,
            BearerCredential.HostToken => AgentKind.Host,
            var kind => throw new InvalidOperationException($"A route read an agent from a '{kind ?? "missing"}' credential: its policy should have refused it."),
        },
        Required(user, BearerCredential.AccountIdClaim), Required(user, BearerCredential.AgentIdClaim),
        Required(user, BearerCredential.SecretHashClaim));

    /// <summary>
    /// True when the request carries the valid operator key: the default bearer scheme has already compared it with
    /// the configured key in constant time (<see cref="BearerCredential.Recognise"/>). A request that merely has an
    /// Authorization header is not exempt (the abuse limits).
    /// </summary>
    public static bool IsOperator(this ClaimsPrincipal user) =>
        user.FindFirstValue(BearerCredential.KindClaim) == BearerCredential.Operator;

    /// <summary>The SHA-256 hash of the account API key the request carries, or null (the key itself is never kept).</summary>
    public static string? AccountKeyHash(this ClaimsPrincipal user) =>
        user.FindFirstValue(BearerCredential.KindClaim) == BearerCredential.AccountKey
            ? user.FindFirstValue(BearerCredential.SecretHashClaim)
            : null;

    private static string Required(ClaimsPrincipal user, string type) =>
        user.FindFirstValue(type) ?? throw new InvalidOperationException($"The principal has no '{type}' claim.");
}
