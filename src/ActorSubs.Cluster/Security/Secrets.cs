using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ActorSubs.Cluster.Security;

/// <summary>
/// API keys and tokens: 256 random bits, stored only as a SHA-256 hash. A slow password hash is not needed
/// because the secrets are random, not chosen by people.
/// </summary>
public static class Secrets
{
    public static string NewToken(string prefix) =>
        prefix + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares two hashes in constant time.</summary>
    public static bool HashesEqual(string? a, string? b) =>
        a is not null && b is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
