using ActorSubs.Cluster.Payments;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Payments;

/// <summary>Charges <c>google-play</c> renewals through Google Play billing (<c>ActorSubs:Payments:GooglePlay</c>).</summary>
public sealed class GooglePlayChargeClient(HttpClient http, IOptions<PaymentOptions> options)
    : ProviderChargeClient(http, "Google Play", options.Value.GooglePlay.AccessToken);
