using System.Security.Cryptography;
using System.Text;
using ActorSubs.Cluster.Security;
using static ActorSubs.Node.Stores.StoreVerificationException;

namespace ActorSubs.Node.Stores.Cleverbridge;

/// <summary>
/// Checks that a Cleverbridge notification comes from Cleverbridge: HTTP basic auth with the configured user and password,
/// and <c>X-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the raw body under the configured signing key. Every
/// comparison takes the same time whatever the input, so a caller learns nothing from how fast it is refused.
/// </summary>
public sealed class CleverbridgeRequestVerifier(string user, string password, string signingKey)
{
    private const string SignaturePrefix = "sha256=";

    public void Verify(string? authorization, string? signature, ReadOnlySpan<byte> body)
    {
        // Both checks run before either refuses, so the time taken does not tell which one failed.
        var credentialsOk = CredentialsMatch(authorization);
        var signatureOk = SignatureMatches(signature, body);
        if (!credentialsOk) throw Untrusted("The basic auth credentials are not Cleverbridge's.");
        if (!signatureOk) throw Untrusted("X-Signature is not the HMAC-SHA256 of the body under the signing key.");
    }

    private bool CredentialsMatch(string? authorization)
    {
        const string scheme = "Basic ";
        var given = authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? Decode(authorization[scheme.Length..].Trim())
            : "";
        // Hashes compared, so neither the content nor the length of the secret shows in the time taken.
        return Secrets.HashesEqual(Secrets.Hash(given), Secrets.Hash($"{user}:{password}"));
    }

    private bool SignatureMatches(string? signature, ReadOnlySpan<byte> body)
    {
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), body);
        if (signature is null || !signature.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase)) return false;
        byte[] given;
        try { given = Convert.FromHexString(signature.AsSpan(SignaturePrefix.Length).Trim()); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static string Decode(string base64)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(base64)); }
        catch (FormatException) { return ""; }
    }
}
