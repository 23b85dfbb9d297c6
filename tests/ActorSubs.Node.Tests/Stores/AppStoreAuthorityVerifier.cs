using System.Security.Cryptography.X509Certificates;
using ActorSubs.Node.Stores.AppStore;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>The node's verifier for an <see cref="AppStoreAuthority"/> (the load tester's stand-in for Apple, linked into these tests).</summary>
public static class AppStoreAuthorityVerifier
{
    /// <summary>A verifier that trusts this authority's root (or <paramref name="roots"/>), for the app and environment given.</summary>
    public static AppStoreSignedDataVerifier Verifier(this AppStoreAuthority authority, string bundleId = "com.example.access",
        string environment = "Production", X509Certificate2Collection? roots = null) =>
        new(roots ?? [authority.Root], bundleId, environment, TimeProvider.System);
}
