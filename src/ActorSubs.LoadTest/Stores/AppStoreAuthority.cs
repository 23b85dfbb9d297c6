using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace ActorSubs.LoadTest.Stores;

/// <summary>
/// A certificate authority shaped like Apple's: a root, an intermediate with Apple's intermediate marker, a leaf with
/// the App Store marker. It signs payloads as the App Store does (compact JWS, ES256, x5c). The load tester plays
/// Apple with it; the node's store specs link this very file in and make each part wrong on purpose. Only the base
/// library is used here, so the file compiles in both projects.
/// </summary>
public sealed class AppStoreAuthority : IDisposable
{
    /// <summary>Apple's marker on the App Store's signing certificate (the node's verifier checks the same OID).</summary>
    public const string LeafMarkerOid = "1.2.840.113635.100.6.11.1";

    /// <summary>Apple's marker on the Worldwide Developer Relations intermediate.</summary>
    public const string IntermediateMarkerOid = "1.2.840.113635.100.6.2.1";

    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);

    private AppStoreAuthority(X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 leaf)
    {
        Root = root;
        Intermediate = intermediate;
        Leaf = leaf;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>The signing certificate, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    public static AppStoreAuthority Create(bool leafMarker = true, bool intermediateMarker = true,
        DateTimeOffset? leafNotAfter = null, string name = "Test")
    {
        var notBefore = DateTimeOffset.UtcNow.AddYears(-1);
        var notAfter = DateTimeOffset.UtcNow.AddYears(1);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest($"CN={name} Root CA - G3", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(notBefore, notAfter.AddYears(1));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest($"CN={name} Worldwide Developer Relations", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        if (intermediateMarker) intermediateRequest.CertificateExtensions.Add(Marker(IntermediateMarkerOid));
        using var intermediateWithoutKey = intermediateRequest.Create(root, notBefore, notAfter, Serial());
        var intermediate = intermediateWithoutKey.CopyWithPrivateKey(intermediateKey);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={name} Prod ECC Mac App Store and iTunes Store Receipt Signing", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
        if (leafMarker) leafRequest.CertificateExtensions.Add(Marker(LeafMarkerOid));
        using var leafWithoutKey = leafRequest.Create(intermediate, notBefore, leafNotAfter ?? notAfter, Serial());
        var leaf = leafWithoutKey.CopyWithPrivateKey(leafKey);
        return new AppStoreAuthority(root, intermediate, leaf);
    }

    /// <summary>
    /// Writes the root alone to <paramref name="rootPath"/> (what a node is told to trust) and what signing needs to
    /// <paramref name="signerPath"/>: the leaf, the intermediate and the leaf's private key (readable by its owner only).
    /// </summary>
    public void Save(string rootPath, string signerPath)
    {
        File.WriteAllText(rootPath, Root.ExportCertificatePem());
        using var key = Leaf.GetECDsaPrivateKey()!;
        var signer = Leaf.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
        File.WriteAllText(signerPath, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(signerPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(signerPath, signer);
    }

    /// <summary>An authority written by <see cref="Save"/>.</summary>
    public static AppStoreAuthority Load(string rootPath, string signerPath)
    {
        var root = X509Certificate2.CreateFromPem(File.ReadAllText(rootPath));
        var leaf = X509Certificate2.CreateFromPemFile(signerPath, signerPath); // the first certificate, with the key in the same file
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(signerPath);
        var intermediate = chain.Cast<X509Certificate2>().Single(c => c.Thumbprint != leaf.Thumbprint);
        foreach (var other in chain.Cast<X509Certificate2>().Where(c => !ReferenceEquals(c, intermediate))) other.Dispose();
        return new AppStoreAuthority(root, intermediate, leaf);
    }

    /// <summary>The payload as the App Store signs it; <paramref name="chain"/> replaces the x5c certificates, <paramref name="key"/> the leaf's key.</summary>
    public string Sign(object payload, string alg = "ES256", IReadOnlyList<X509Certificate2>? chain = null, ECDsa? key = null)
    {
        var x5c = (chain ?? [Leaf, Intermediate, Root]).Select(c => Convert.ToBase64String(c.RawData)).ToArray();
        var header = Part(JsonSerializer.SerializeToUtf8Bytes(new { alg, x5c }));
        var body = Part(JsonSerializer.SerializeToUtf8Bytes(payload, Wire));
        // A key object per signature: ECDsa instances are not documented as safe to share between threads.
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
