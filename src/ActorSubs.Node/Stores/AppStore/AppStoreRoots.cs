using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorSubs.Node.Stores.AppStore;

/// <summary>Loads the configured App Store root certificates from files, PEM or DER, with an error that names the file.</summary>
public static class AppStoreRoots
{
    public static X509Certificate2Collection Load(IEnumerable<string> paths)
    {
        var roots = new X509Certificate2Collection();
        foreach (var path in paths)
        {
            try
            {
                roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new InvalidOperationException($"App Store root certificate '{path}' could not be read: {e.Message}", e);
            }
        }
        return roots;
    }
}
