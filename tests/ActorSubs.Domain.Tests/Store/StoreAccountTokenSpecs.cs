using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests.Store;

/// <summary>
/// The store account token apps pass to the stores: derived from the account id, so stable without being stored, and
/// a valid RFC 9562 UUID of version 8 that differs between accounts.
/// </summary>
public sealed class StoreAccountTokenSpecs
{
    [Fact]
    public void The_token_is_the_same_for_the_same_account_every_time_and_on_every_node()
    {
        // A fixed expectation: the derivation (namespace, hash, bits) must never change, or every app's token would.
        Assert.Equal(StoreAccountToken.For(new AccountId("alice")), StoreAccountToken.For(new AccountId("alice")));
        Assert.Equal(Expected("alice"), StoreAccountToken.For(new AccountId("alice")));
        Assert.Equal("baab33de-3c8b-894e-9a5d-41044943906c", StoreAccountToken.Text(new AccountId("alice")));
    }

    [Fact]
    public void The_token_is_a_version_8_uuid_with_the_rfc_variant_written_lower_case()
    {
        var text = StoreAccountToken.Text(new AccountId("acc-7f3a"));

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", text);
    }

    [Fact]
    public void Accounts_differing_in_one_character_or_in_case_get_different_tokens()
    {
        var ids = new[] { "alice", "Alice", "alice1", "alicf", "a", "x@example.com" };

        var tokens = ids.Select(id => StoreAccountToken.For(new AccountId(id))).ToHashSet();

        Assert.Equal(ids.Length, tokens.Count);
    }

    [Fact]
    public void The_account_view_shows_the_token_of_its_account()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        var view = AccountView.Of(account.State, account.Now, account.Options);

        Assert.Equal(StoreAccountToken.Text(account.State.Id), view.StoreAccountToken);
    }

    /// <summary>The derivation spelled out independently: SHA-256(namespace bytes, big-endian ‖ UTF-8 id), first 16 bytes, version and variant set.</summary>
    private static Guid Expected(string accountId)
    {
        var input = StoreAccountToken.Namespace.ToByteArray(bigEndian: true).Concat(System.Text.Encoding.UTF8.GetBytes(accountId)).ToArray();
        var hash = System.Security.Cryptography.SHA256.HashData(input)[..16];
        hash[6] = (byte)(0x80 | (hash[6] & 0x0F));
        hash[8] = (byte)(0x80 | (hash[8] & 0x3F));
        return new Guid(hash, bigEndian: true);
    }
}
