using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorSubs.Node.Stores;
using ActorSubs.Node.Stores.AppStore;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// App Store signed data is accepted only as Apple's own library accepts it: ES256 over the compact JWS, an x5c chain to a
/// configured root valid when the data was signed, Apple's marker extensions, and this deployment's app and environment.
/// </summary>
public sealed class AppStoreSignedDataVerifierSpecs : IDisposable
{
    private const string Bundle = "com.example.access";
    private readonly AppStoreAuthority _apple = AppStoreAuthority.Create();

    public void Dispose() => _apple.Dispose();

    [Fact]
    public void The_authority_marks_its_certificates_with_the_oids_the_verifier_checks()
    {
        // The authority is the load tester's (no reference to the node), so it spells the OIDs itself: they must agree.
        Assert.Equal(AppStoreSignedDataVerifier.LeafMarkerOid, AppStoreAuthority.LeafMarkerOid);
        Assert.Equal(AppStoreSignedDataVerifier.IntermediateMarkerOid, AppStoreAuthority.IntermediateMarkerOid);
    }

    [Fact]
    public void An_authority_saved_to_pem_files_and_loaded_again_signs_what_its_saved_root_verifies()
    {
        var folder = Directory.CreateTempSubdirectory("actorsubs-authority-");
        try
        {
            var (rootFile, signerFile) = (Path.Combine(folder.FullName, "root.pem"), Path.Combine(folder.FullName, "signer.pem"));
            _apple.Save(rootFile, signerFile);
            using var loaded = AppStoreAuthority.Load(rootFile, signerFile);

            var verifier = _apple.Verifier(roots: new X509Certificate2Collection(AppStoreOptions.LoadRoot(rootFile)));
            Assert.Equal("DID_RENEW", verifier.VerifyNotification(loaded.Sign(Notification())).NotificationType);
            Assert.Equal((_apple.Leaf.Thumbprint, _apple.Intermediate.Thumbprint), (loaded.Leaf.Thumbprint, loaded.Intermediate.Thumbprint));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_notification_signed_by_the_trusted_chain_is_read_with_its_signed_transaction_and_renewal_info()
    {
        var verifier = _apple.Verifier();
        var signed = _apple.Sign(Notification(
            transaction: _apple.Sign(Transaction()),
            renewal: _apple.Sign(new { originalTransactionId = "1000", autoRenewProductId = "access.annual", autoRenewStatus = 1,
                environment = "Production", signedDate = Now() })));

        var notification = verifier.VerifyNotification(signed);
        var transaction = verifier.VerifyTransaction(notification.Data!.SignedTransactionInfo!);
        var renewal = verifier.VerifyRenewalInfo(notification.Data.SignedRenewalInfo!);

        Assert.Equal("DID_RENEW", notification.NotificationType);
        Assert.Equal("6b2d1f0c-0000-4000-8000-000000000001", notification.NotificationUuid);
        Assert.Equal(("2000", "1000", "access.annual"), (transaction.TransactionId, transaction.OriginalTransactionId, transaction.ProductId));
        Assert.Equal("5f1c7b9e-1111-4222-8333-444455556666", transaction.AppAccountToken);
        Assert.Equal((1, "access.annual"), (renewal.AutoRenewStatus, renewal.AutoRenewProductId));
    }

    [Fact]
    public void A_chain_to_a_root_that_is_not_configured_is_untrusted()
    {
        using var other = AppStoreAuthority.Create(name: "Other");
        AssertRefused(StoreVerificationFailure.Untrusted, () => _apple.Verifier(roots: [other.Root]).VerifyNotification(_apple.Sign(Notification())));
    }

    [Fact]
    public void A_broken_chain_whose_intermediate_did_not_issue_the_leaf_is_untrusted()
    {
        using var other = AppStoreAuthority.Create(name: "Other");
        var signed = _apple.Sign(Notification(), chain: [_apple.Leaf, other.Intermediate, _apple.Root]);
        AssertRefused(StoreVerificationFailure.Untrusted, () => _apple.Verifier(roots: [_apple.Root, other.Root]).VerifyNotification(signed));
    }

    [Fact]
    public void The_chain_must_run_through_the_intermediate_the_data_carries_not_one_the_node_happens_to_trust()
    {
        // An operator who also trusted the intermediate itself must not make a leaf valid with any x5c intermediate.
        using var other = AppStoreAuthority.Create(name: "Other");
        var signed = _apple.Sign(Notification(), chain: [_apple.Leaf, other.Intermediate, _apple.Root]);
        AssertRefused(StoreVerificationFailure.Untrusted,
            () => _apple.Verifier(roots: [_apple.Root, _apple.Intermediate]).VerifyNotification(signed));
    }

    [Fact]
    public void A_chain_of_fewer_than_three_certificates_is_untrusted()
    {
        var signed = _apple.Sign(Notification(), chain: [_apple.Leaf, _apple.Intermediate]);
        AssertRefused(StoreVerificationFailure.Untrusted, () => _apple.Verifier().VerifyNotification(signed));
    }

    [Fact]
    public void A_leaf_without_apples_app_store_marker_is_untrusted_though_it_chains_to_the_root()
    {
        using var unmarked = AppStoreAuthority.Create(leafMarker: false);
        AssertRefused(StoreVerificationFailure.Untrusted, () => unmarked.Verifier().VerifyNotification(unmarked.Sign(Notification())));
    }

    [Fact]
    public void An_intermediate_without_apples_marker_is_untrusted_though_it_chains_to_the_root()
    {
        using var unmarked = AppStoreAuthority.Create(intermediateMarker: false);
        AssertRefused(StoreVerificationFailure.Untrusted, () => unmarked.Verifier().VerifyNotification(unmarked.Sign(Notification())));
    }

    [Fact]
    public void A_payload_changed_after_signing_fails_the_signature()
    {
        var genuine = _apple.Sign(Notification()).Split('.');
        var forged = _apple.Sign(Notification(type: "REFUND")).Split('.');
        AssertRefused(StoreVerificationFailure.Untrusted,
            () => _apple.Verifier().VerifyNotification($"{genuine[0]}.{forged[1]}.{genuine[2]}"));
    }

    [Fact]
    public void A_signature_by_a_key_other_than_the_leafs_is_untrusted()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        AssertRefused(StoreVerificationFailure.Untrusted, () => _apple.Verifier().VerifyNotification(_apple.Sign(Notification(), key: stranger)));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("ES384")]
    public void Any_algorithm_but_ES256_is_untrusted(string alg) =>
        AssertRefused(StoreVerificationFailure.Untrusted, () => _apple.Verifier().VerifyNotification(_apple.Sign(Notification(), alg: alg)));

    [Fact]
    public void Data_for_another_app_or_environment_is_for_another_recipient()
    {
        AssertRefused(StoreVerificationFailure.WrongRecipient, () => _apple.Verifier(bundleId: "com.example.other").VerifyNotification(_apple.Sign(Notification())));
        AssertRefused(StoreVerificationFailure.WrongRecipient, () => _apple.Verifier(environment: "Sandbox").VerifyNotification(_apple.Sign(Notification())));
        AssertRefused(StoreVerificationFailure.WrongRecipient, () => _apple.Verifier(bundleId: "com.example.other").VerifyTransaction(_apple.Sign(Transaction())));
    }

    [Fact]
    public void The_chain_is_judged_at_the_datas_own_signing_date()
    {
        using var expired = AppStoreAuthority.Create(leafNotAfter: DateTimeOffset.UtcNow.AddDays(-1));
        var signedWhileValid = expired.Sign(Notification(signedDate: Now() - (long)TimeSpan.FromDays(3).TotalMilliseconds));
        var signedAfterExpiry = expired.Sign(Notification(signedDate: Now()));

        Assert.Equal("DID_RENEW", expired.Verifier().VerifyNotification(signedWhileValid).NotificationType);
        AssertRefused(StoreVerificationFailure.Untrusted, () => expired.Verifier().VerifyNotification(signedAfterExpiry));
    }

    /// <summary>The verifier remembers a chain it found sound; what it remembers must never widen what it accepts.</summary>
    [Fact]
    public void A_remembered_chain_still_needs_a_valid_signature_and_holds_only_while_its_certificates_are_valid()
    {
        using var expired = AppStoreAuthority.Create(leafNotAfter: DateTimeOffset.UtcNow.AddDays(-1));
        var verifier = expired.Verifier();
        var genuine = expired.Sign(Notification(signedDate: Now() - (long)TimeSpan.FromDays(3).TotalMilliseconds));
        Assert.Equal("DID_RENEW", verifier.VerifyNotification(genuine).NotificationType);

        var parts = genuine.Split('.');
        var forged = expired.Sign(Notification(type: "REFUND", signedDate: Now() - (long)TimeSpan.FromDays(3).TotalMilliseconds)).Split('.');
        AssertRefused(StoreVerificationFailure.Untrusted, () => verifier.VerifyNotification($"{parts[0]}.{forged[1]}.{parts[2]}"));
        AssertRefused(StoreVerificationFailure.Untrusted, () => verifier.VerifyNotification(expired.Sign(Notification(signedDate: Now()))));
        Assert.Equal("DID_RENEW", verifier.VerifyNotification(genuine).NotificationType);
    }

    [Theory]
    [InlineData("not a jws")]
    [InlineData("a.b")]
    [InlineData("!!!.???.***")]
    public void Something_that_is_not_a_compact_jws_is_malformed(string input) =>
        AssertRefused(StoreVerificationFailure.Malformed, () => _apple.Verifier().VerifyNotification(input));

    [Fact]
    public void A_signed_payload_without_notification_type_or_uuid_is_malformed() =>
        AssertRefused(StoreVerificationFailure.Malformed, () => _apple.Verifier().VerifyNotification(_apple.Sign(new
        {
            notificationType = "", notificationUUID = "", data = new { bundleId = Bundle, environment = "Production" }, signedDate = Now(),
        })));

    private static void AssertRefused(StoreVerificationFailure expected, Action verify)
    {
        var refused = Assert.Throws<StoreVerificationException>(verify);
        Assert.Equal(expected, refused.Failure);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static object Notification(string type = "DID_RENEW", string? transaction = null, string? renewal = null, long? signedDate = null) => new
    {
        notificationType = type,
        notificationUUID = "6b2d1f0c-0000-4000-8000-000000000001",
        version = "2.0",
        signedDate = signedDate ?? Now(),
        data = new { bundleId = Bundle, environment = "Production", appAppleId = 1234567890L, signedTransactionInfo = transaction, signedRenewalInfo = renewal },
    };

    private static object Transaction() => new
    {
        transactionId = "2000",
        originalTransactionId = "1000",
        bundleId = Bundle,
        productId = "access.annual",
        purchaseDate = Now(),
        expiresDate = Now() + (long)TimeSpan.FromDays(365).TotalMilliseconds,
        appAccountToken = "5f1c7b9e-1111-4222-8333-444455556666",
        environment = "Production",
        signedDate = Now(),
    };
}
