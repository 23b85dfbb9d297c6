using ActorSubs.Node.Api;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores.AppStore;

/// <summary>The body the App Store posts: one JWS.</summary>
public sealed record AppStoreNotificationRequest(string? SignedPayload);

/// <summary><c>POST /api/stores/app-store/notifications</c>: verify the JWS and its signed parts, map, deliver.</summary>
public sealed class AppStoreNotificationRoute(IOptions<AppStoreOptions> options, TimeProvider clock, StoreNotificationDelivery delivery,
    ILogger<AppStoreNotificationRoute> log)
{
    // The roots are loaded once, on the first notification; the start-up validation has already read each file.
    private readonly Lazy<AppStoreSignedDataVerifier?> _verifier = new(() => options.Value.IsConfigured
        ? new AppStoreSignedDataVerifier(AppStoreRoots.Load(options.Value.RootCertificates), options.Value.BundleId!, options.Value.Environment, clock)
        : null);

    public async Task<StoreNotificationOutcome> HandleAsync(HttpContext http)
    {
        var verifier = _verifier.Value ?? throw StoreProblems.NotConfigured("App Store", AppStoreOptions.Section);
        var request = await RequestBody.ReadAsync<AppStoreNotificationRequest>(http);
        if (string.IsNullOrEmpty(request.SignedPayload)) throw ApiProblem.Validation("signedPayload", "signedPayload is required.");
        StoreMapping mapping;
        try
        {
            var notification = verifier.VerifyNotification(request.SignedPayload);
            AppStoreTransaction? transaction = null;
            AppStoreRenewalInfo? renewal = null;
            if (AppStoreNotificationMapper.NeedsTransaction(notification))
            {
                if (notification.Data?.SignedTransactionInfo is { Length: > 0 } signedTransaction) transaction = verifier.VerifyTransaction(signedTransaction);
                if (notification.Data?.SignedRenewalInfo is { Length: > 0 } signedRenewal) renewal = verifier.VerifyRenewalInfo(signedRenewal);
            }
            mapping = AppStoreNotificationMapper.Map(notification, transaction, renewal, options.Value.Products, clock.GetUtcNow());
        }
        catch (StoreVerificationException e)
        {
            log.LogWarning("App Store notification refused ({Failure}): {Detail}", e.Failure, e.Message);
            throw StoreProblems.From(e);
        }
        return await delivery.DeliverAsync(mapping, http.RequestAborted);
    }
}
