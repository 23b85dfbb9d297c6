using System.Security.Claims;
using ActorSubs.Cluster.Security;

namespace ActorSubs.Node.Api;

/// <summary>
/// What a bearer secret is: the operator key, a device or host token (<see cref="AgentToken"/>), or else an account
/// API key. Only the operator key can be checked here. An account key and a token are carried as their SHA-256 hash
/// to the account entity, which holds the stored hashes and is the one place that decides whether they open it.
/// </summary>
public static class BearerCredential
{
    /// <summary>The claim type that says which kind of credential was sent; its values are the constants below.</summary>
    public const string KindClaim = "actorsubs:credential";
    public const string SecretHashClaim = "actorsubs:secret-hash";
    public const string AccountIdClaim = "actorsubs:account-id";
    public const string AgentIdClaim = "actorsubs:agent-id";

    public const string Operator = "operator";
    public const string AccountKey = "account-key";
    public const string DeviceToken = "device-token";
    public const string HostToken = "host-token";

    /// <summary>The identity of <paramref name="secret"/>. Its claims hold hashes and ids, never the secret itself.</summary>
    public static ClaimsIdentity Recognise(string secret, string? operatorKey, string authenticationType)
    {
        var hash = Secrets.Hash(secret);
        // Both sides hashed first, so the comparison takes the same time whatever the lengths.
        if (!string.IsNullOrEmpty(operatorKey) && Secrets.HashesEqual(hash, Secrets.Hash(operatorKey)))
            return new ClaimsIdentity([new Claim(KindClaim, Operator)], authenticationType);

        if (AgentToken.TryParse(secret, out var token))
            return new ClaimsIdentity(
            [
                new Claim(KindClaim, token.Kind == AgentToken.DeviceKind ? DeviceToken : HostToken),
                new Claim(AccountIdClaim, token.AccountId),
                new Claim(AgentIdClaim, token.AgentId),
                new Claim(SecretHashClaim, hash),
            ], authenticationType);

        return new ClaimsIdentity([new Claim(KindClaim, AccountKey), new Claim(SecretHashClaim, hash)], authenticationType);
    }
}
