using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using static ActorSubs.Node.Stores.StoreVerificationException;

namespace ActorSubs.Node.Stores.AppStore;

/// <summary>
/// Verifies App Store signed data (notification, transaction, renewal info) the way Apple's App Store Server Library
/// does without online checks: a compact JWS signed with ES256 whose <c>x5c</c> header carries leaf, intermediate and
/// root; the leaf and intermediate must chain to one of the configured roots (Apple Root CA - G3 in production) at the
/// payload's own <c>signedDate</c>, carry Apple's marker extensions, and the leaf's key must verify the signature. Only
/// then is the payload read, and its app and environment must be this deployment's.
/// </summary>
/// <remarks>
/// Building an X.509 chain costs far more than the signature itself, and Apple signs every notification, transaction and
/// renewal info with the same few certificates. So a chain once verified is remembered, with the span in which all
/// three of its certificates are valid; data signed inside that span by the same leaf and intermediate needs only its
/// signature checked. Data signed outside it is verified in full again (and refused if the chain is not valid then).
/// </remarks>
public sealed class AppStoreSignedDataVerifier(X509Certificate2Collection roots, string bundleId, string environment, TimeProvider clock)
{
    /// <summary>Apple rotates its signing certificates rarely; a cache this size is never full in practice.</summary>
    private const int RememberedChains = 64;

    private readonly ConcurrentDictionary<string, VerifiedChain> _verifiedChains = new(StringComparer.Ordinal);

    /// <summary>Apple's marker on the certificate that signs App Store data (Mac App Store receipt signing).</summary>
    public const string LeafMarkerOid = "1.2.840.113635.100.6.11.1";

    /// <summary>Apple's marker on the intermediate (Apple Worldwide Developer Relations) that issues it.</summary>
    public const string IntermediateMarkerOid = "1.2.840.113635.100.6.2.1";

    public AppStoreNotification VerifyNotification(string signedPayload)
    {
        var notification = Verify<AppStoreNotification>(signedPayload, n => n.SignedDate);
        if (string.IsNullOrEmpty(notification.NotificationType) || string.IsNullOrEmpty(notification.NotificationUuid))
            throw Malformed("The notification has no notificationType or notificationUUID.");
        var (app, env) = notification.Data is { } data ? (data.BundleId, data.Environment)
            : notification.Summary is { } summary ? (summary.BundleId, summary.Environment)
            : throw Malformed("The notification has neither data nor summary.");
        CheckRecipient(app, env);
        return notification;
    }

    public AppStoreTransaction VerifyTransaction(string signedTransactionInfo)
    {
        var transaction = Verify<AppStoreTransaction>(signedTransactionInfo, t => t.SignedDate);
        if (string.IsNullOrEmpty(transaction.TransactionId) || string.IsNullOrEmpty(transaction.OriginalTransactionId)
            || string.IsNullOrEmpty(transaction.ProductId))
            throw Malformed("The transaction has no transactionId, originalTransactionId or productId.");
        CheckRecipient(transaction.BundleId, transaction.Environment);
        return transaction;
    }

    public AppStoreRenewalInfo VerifyRenewalInfo(string signedRenewalInfo)
    {
        var renewal = Verify<AppStoreRenewalInfo>(signedRenewalInfo, r => r.SignedDate);
        if (string.IsNullOrEmpty(renewal.OriginalTransactionId))
            throw Malformed("The renewal info has no originalTransactionId.");
        // Renewal info carries no bundle id; Apple's library checks only its environment.
        if (!string.Equals(renewal.Environment, environment, StringComparison.Ordinal))
            throw WrongRecipient($"The renewal info is for the '{renewal.Environment}' environment; this node serves '{environment}'.");
        return renewal;
    }

    private T Verify<T>(string jws, Func<T, long?> signedDateOf) where T : class
    {
        var parts = jws.Split('.');
        if (parts.Length != 3) throw Malformed("The signed data is not a compact JWS (three dot-separated parts).");
        var header = Decode<Header>(parts[0], "header");
        if (header.Alg != "ES256") throw Untrusted($"The JWS algorithm is '{header.Alg}', not ES256.");
        if (header.X5c is not { Length: 3 }) throw Untrusted("The JWS x5c header must hold exactly three certificates.");
        var payload = Decode<T>(parts[1], "payload");

        // As Apple's library without online checks: the chain must be valid when the data was signed.
        var signedAt = signedDateOf(payload) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : clock.GetUtcNow();
        var chainKey = header.X5c[0] + "." + header.X5c[1];
        if (!_verifiedChains.TryGetValue(chainKey, out var verified) || signedAt < verified.ValidFrom || signedAt > verified.ValidUntil)
        {
            verified = VerifyChain(header.X5c[0], header.X5c[1], signedAt);
            if (_verifiedChains.Count >= RememberedChains) _verifiedChains.Clear();
            _verifiedChains[chainKey] = verified;
        }
        VerifySignature(verified.LeafPublicKey, parts);
        return payload;
    }

    /// <summary>Throws unless the chain is sound at <paramref name="at"/>; notes when all three certificates are valid.</summary>
    private VerifiedChain VerifyChain(string leafBase64, string intermediateBase64, DateTimeOffset at)
    {
        using var leaf = Certificate(leafBase64);
        using var intermediate = Certificate(intermediateBase64);
        if (leaf.Extensions[LeafMarkerOid] is null) throw Untrusted("The signing certificate lacks Apple's App Store marker extension.");
        if (intermediate.Extensions[IntermediateMarkerOid] is null)
            throw Untrusted("The intermediate certificate lacks Apple's marker extension.");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.ExtraStore.Add(intermediate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        if (!chain.Build(leaf))
        {
            var reasons = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            throw Untrusted($"The certificate chain does not lead to a configured App Store root: {reasons}");
        }
        // The chain must be the one the JWS carries: leaf, its intermediate, a configured root. Nothing found elsewhere.
        if (chain.ChainElements.Count != 3 || !chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(intermediate.RawDataMemory.Span))
            throw Untrusted("The certificate chain is not leaf, the given intermediate and a configured root.");
        var certificates = chain.ChainElements.Select(e => e.Certificate).ToList();
        return new VerifiedChain(leaf.PublicKey.ExportSubjectPublicKeyInfo(),
            certificates.Max(c => new DateTimeOffset(c.NotBefore.ToUniversalTime())),
            certificates.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime())));
    }

    private static void VerifySignature(byte[] leafPublicKey, string[] parts)
    {
        using var key = ECDsa.Create();
        try { key.ImportSubjectPublicKeyInfo(leafPublicKey, out _); }
        catch (CryptographicException) { throw Untrusted("The signing certificate has no EC public key."); }
        if (key.KeySize != 256) throw Untrusted("ES256 needs a P-256 key.");
        byte[] signature;
        try { signature = Base64Url.DecodeFromChars(parts[2]); }
        catch (FormatException) { throw Malformed("The JWS signature is not base64url."); }
        var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        if (!key.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            throw Untrusted("The JWS signature does not verify with the signing certificate's key.");
    }

    private void CheckRecipient(string? app, string? env)
    {
        if (!string.Equals(app, bundleId, StringComparison.Ordinal))
            throw WrongRecipient($"The data is for the app '{app}'; this node serves '{bundleId}'.");
        if (!string.Equals(env, environment, StringComparison.Ordinal))
            throw WrongRecipient($"The data is for the '{env}' environment; this node serves '{environment}'.");
    }

    private static T Decode<T>(string part, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(part), JsonSerializerOptions.Web)
                   ?? throw Malformed($"The JWS {what} is empty.");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw Malformed($"The JWS {what} is not base64url JSON of the expected shape: {e.Message}");
        }
    }

    private static X509Certificate2 Certificate(string base64)
    {
        try { return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64)); }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw Untrusted($"An x5c entry is not a DER certificate: {e.Message}");
        }
    }

    private sealed record Header(string? Alg, string[]? X5c);

    /// <summary>A chain found sound: its leaf's public key, and when all of its certificates are valid.</summary>
    private sealed record VerifiedChain(byte[] LeafPublicKey, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil);
}
