using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ActorSubs.Node.Stores.AppStore;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// A certificate authority made in the test, shaped like Apple's: a root, an intermediate with Apple's intermediate
/// marker, a leaf with the App Store marker. It signs payloads as the App Store does (compact JWS, ES256, x5c).
/// Every part can be made wrong on purpose.
/// </summary>
public sealed class AppStoreTestAuthority : IDisposable
{
    private static readonly DateTimeOffset NotBefore = DateTimeOffset.UtcNow.AddYears(-1);
    private static readonly DateTimeOffset NotAfter = DateTimeOffset.UtcNow.AddYears(1);

    private AppStoreTestAuthority(X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 leaf)
    {
        Root = root;
        Intermediate = intermediate;
        Leaf = leaf;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>The signing certificate, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    public static AppStoreTestAuthority Create(bool leafMarker = true, bool intermediateMarker = true,
        DateTimeOffset? leafNotAfter = null, string name = "Test")
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest($"CN={name} Root CA - G3", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(NotBefore, NotAfter.AddYears(1));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest($"CN={name} Worldwide Developer Relations", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        if (intermediateMarker) intermediateRequest.CertificateExtensions.Add(Marker(AppStoreSignedDataVerifier.IntermediateMarkerOid));
        using var intermediateWithoutKey = intermediateRequest.Create(root, NotBefore, NotAfter, Serial());
        var intermediate = intermediateWithoutKey.CopyWithPrivateKey(intermediateKey);

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={name} Prod ECC Mac App Store and iTunes Store Receipt Signing", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
        if (leafMarker) leafRequest.CertificateExtensions.Add(Marker(AppStoreSignedDataVerifier.LeafMarkerOid));
        using var leafWithoutKey = leafRequest.Create(intermediate, NotBefore, leafNotAfter ?? NotAfter, Serial());
        var leaf = leafWithoutKey.CopyWithPrivateKey(leafKey);
        return new AppStoreTestAuthority(root, intermediate, leaf);
    }

    /// <summary>A verifier that trusts this authority's root (or <paramref name="roots"/>), for the app and environment given.</summary>
    public AppStoreSignedDataVerifier Verifier(string bundleId = "com.example.access", string environment = "Production",
        X509Certificate2Collection? roots = null) =>
        new(roots ?? [Root], bundleId, environment, TimeProvider.System);

    /// <summary>The payload as the App Store signs it; <paramref name="chain"/> replaces the x5c certificates.</summary>
    public string Sign(object payload, string alg = "ES256", IReadOnlyList<X509Certificate2>? chain = null, ECDsa? key = null)
    {
        var x5c = (chain ?? [Leaf, Intermediate, Root]).Select(c => Convert.ToBase64String(c.RawData)).ToArray();
        var header = Part(JsonSerializer.SerializeToUtf8Bytes(new { alg, x5c }));
        var body = Part(JsonSerializer.SerializeToUtf8Bytes(payload, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        using var own = key is null ? Leaf.GetECDsaPrivateKey()! : null;
        var signature = (key ?? own!).SignData(Encoding.ASCII.GetBytes($"{header}.{body}"), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{body}.{Part(signature)}";
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Leaf.Dispose();
    }

    private static string Part(byte[] bytes) => Base64Url.EncodeToString(bytes);

    // Apple's markers carry an ASN.1 NULL as their value.
    private static X509Extension Marker(string oid) => new(new Oid(oid), [0x05, 0x00], false);

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(8);
}
