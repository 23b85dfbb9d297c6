using System.Security.Cryptography;
using System.Text;

namespace ActorSubs.Domain;

/// <summary>
/// The account's <c>storeAccountToken</c>: the UUID its apps pass to StoreKit as <c>appAccountToken</c> and to Google Play
/// Billing as <c>obfuscatedExternalAccountId</c>, so a store's notification can be traced back to the account
/// (docs/rules.md, "Store notifications"). Derived from the account id, not drawn at random, so it costs no event and
/// every node computes the same one: a name-based UUID version 8 (RFC 9562, section 5.8) made of the first 128 bits of
/// SHA-256 over a fixed product namespace and the account id. It is one-way: the account is found from a token through
/// the store link registry, where sign-up files it.
/// </summary>
public static class StoreAccountToken
{
    /// <summary>The product's namespace for these tokens. Never change it: every token issued to an app would change.</summary>
    public static readonly Guid Namespace = new("6f1d7c2a-3b5e-4c8f-9a21-0d4e6b7f8c91");

    public static Guid For(AccountId accountId)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(accountId.Value.Length)];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(accountId.Value, input[16..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..length], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // variant 10 (RFC 9562)
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The token as apps and notifications write it: lower-case, hyphenated.</summary>
    public static string Text(AccountId accountId) => For(accountId).ToString("D");
}
