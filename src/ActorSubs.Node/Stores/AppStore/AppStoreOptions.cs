using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;

namespace ActorSubs.Node.Stores.AppStore;

/// <summary>
/// App Store Server Notifications V2, bound from <c>ActorSubs:Stores:AppStore</c>. Left empty, the store is not
/// configured and its route answers 503 <c>store-not-configured</c>; half set, the node does not start.
/// </summary>
public sealed record AppStoreOptions
{
    public const string Section = "ActorSubs:Stores:AppStore";

    /// <summary>Paths of the trusted root certificates, PEM or DER (Apple Root CA - G3 in production); each is read at start-up.</summary>
    public List<string> RootCertificates { get; set; } = [];

    /// <summary>The app's bundle id; notifications for any other app are refused.</summary>
    public string? BundleId { get; set; }

    /// <summary><c>Production</c> or <c>Sandbox</c>: notifications of the other environment are refused.</summary>
    public string Environment { get; set; } = "Production";

    /// <summary>App Store product id → plan. A period of a product not listed is parked (<c>unknown-product</c>).</summary>
    public Dictionary<string, Plan> Products { get; set; } = new(StringComparer.Ordinal);

    public bool IsConfigured => RootCertificates.Count > 0 || !string.IsNullOrWhiteSpace(BundleId);

    public IReadOnlyList<string> Validate()
    {
        if (!IsConfigured) return [];
        var errors = new OptionErrors(Section)
            .When(string.IsNullOrWhiteSpace(BundleId), nameof(BundleId),
                $"is required once {nameof(RootCertificates)} are set.")
            .When(RootCertificates.Count == 0, nameof(RootCertificates),
                $"needs at least one file once {nameof(BundleId)} is set.");
        for (var i = 0; i < RootCertificates.Count; i++)
        {
            if (!File.Exists(RootCertificates[i]))
            {
                errors.Add($"{Section}:{nameof(RootCertificates)}:{i} names no file ('{RootCertificates[i]}').");
                continue;
            }
            // Read now, so a file that is not a certificate stops the node rather than failing every notification.
            try { LoadRoot(RootCertificates[i]).Dispose(); }
            catch (InvalidOperationException e) { errors.Add($"{Section}:{nameof(RootCertificates)}:{i}: {e.Message}"); }
        }
        return errors.When(Environment is not ("Production" or "Sandbox"), nameof(Environment),
            $"must be Production or Sandbox (was '{Environment}').");
    }

    /// <summary>Reads one root certificate file, PEM or DER, with an error that names the file.</summary>
    public static X509Certificate2 LoadRoot(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException(
                $"App Store root certificate '{path}' could not be read: {e.Message}", e);
        }
    }
}
