using System.Security.Cryptography.X509Certificates;
using ActorSubs.Node.Api;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores.AppStore;

/// <summary>The body the App Store posts: one JWS.</summary>
public sealed record AppStoreNotificationRequest(string? SignedPayload);

/// <summary><c>POST /api/stores/app-store/notifications</c>: verify the JWS and its signed parts, then map.</summary>
public sealed class AppStoreNotificationRoute(IOptions<AppStoreOptions> options, TimeProvider clock)
{
    // The roots are loaded once, on the first notification; the start-up validation has already read each file.
    private readonly Lazy<AppStoreSignedDataVerifier?> _verifier = new(() => options.Value is { IsConfigured: true } o
        ? new AppStoreSignedDataVerifier(
            new X509Certificate2Collection(o.RootCertificates.Select(AppStoreOptions.LoadRoot).ToArray()),
            o.BundleId!, o.Environment, clock)
        : null);

    public async Task<StoreMapping> MapAsync(HttpContext http)
    {
        var verifier = _verifier.Value ?? throw StoreProblems.NotConfigured("App Store", AppStoreOptions.Section);
        var request = await RequestBody.ReadAsync<AppStoreNotificationRequest>(http);
        if (string.IsNullOrEmpty(request.SignedPayload)) throw ApiProblem.Validation("signedPayload", "signedPayload is required.");
        var notification = verifier.VerifyNotification(request.SignedPayload);
        // Only a type acted on has its signed parts verified (and read).
        var data = AppStoreNotificationMapper.NeedsTransaction(notification) ? notification.Data : null;
        var transaction = data?.SignedTransactionInfo is { Length: > 0 } t ? verifier.VerifyTransaction(t) : null;
        var renewal = data?.SignedRenewalInfo is { Length: > 0 } r ? verifier.VerifyRenewalInfo(r) : null;
        return AppStoreNotificationMapper.Map(notification, transaction, renewal, options.Value.Products,
            clock.GetUtcNow());
    }
}
