using ActorSubs.Cluster.Payments;
using ActorSubs.Domain;

namespace ActorSubs.Node.Payments;

/// <summary>
/// <c>ActorSubs:Payments:Provider=Http</c>: each channel's renewals go to its provider's charge API. The typed clients are
/// resolved per charge, as IHttpClientFactory intends (they are short-lived; the factory pools and renews the
/// connections beneath them), rather than held for the life of the node.
/// </summary>
public sealed class HttpPaymentChannels(IServiceProvider services) : IPaymentChannels
{
    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellation) => request.Channel switch
    {
        Channel.Web => services.GetRequiredService<CleverbridgeChargeClient>().ChargeAsync(request, cancellation),
        Channel.GooglePlay => services.GetRequiredService<GooglePlayChargeClient>().ChargeAsync(request, cancellation),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Channel, "Apple charges App Store subscriptions; the account never does."),
    };
}
