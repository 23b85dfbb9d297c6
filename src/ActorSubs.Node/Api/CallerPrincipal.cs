using System.Security.Claims;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;

namespace ActorSubs.Node.Api;

/// <summary>A device or host agent as its token named it; the account still has to accept the token's hash.</summary>
public sealed record AgentCredential(AgentKind Kind, string AccountId, string AgentId, string TokenHash);

/// <summary>Reads the principal that <see cref="BearerAuthenticationHandler"/> made, on a route whose policy admitted it.</summary>
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

    private static string Required(ClaimsPrincipal user, string type) =>
        user.FindFirstValue(type) ?? throw new InvalidOperationException($"The principal has no '{type}' claim.");
}
