using ActorSubs.Cluster.Payments;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Payments;

/// <summary>Charges <c>web</c> renewals through Cleverbridge (<c>ActorSubs:Payments:Cleverbridge</c>).</summary>
public sealed class CleverbridgeChargeClient(HttpClient http, IOptions<PaymentOptions> options)
    : ProviderChargeClient(http, "Cleverbridge", options.Value.Cleverbridge.ApiKey);
