using ActorSubs.Domain;
using Prometheus;

namespace ActorSubs.Cluster.Payments;

/// <summary>What an operator watches of the payment channels (<c>/metrics</c>).</summary>
public static class PaymentMetrics
{
    private static readonly Counter TechnicalFailures = Metrics.CreateCounter("actorsubs_payment_technical_failures_total",
        "Renewal charges that ended without the provider's verdict (error status, timeout, no connection, unreadable answer), " +
        "by channel. Each is retried with the same idempotency key; none is a decline. A steady rise means the provider is down " +
        "or misconfigured.",
        "channel");

    /// <summary>Creates the series at start-up, so an operator sees zeros rather than nothing before the first failure.</summary>
    public static void Publish()
    {
        TechnicalFailures.WithLabels(WireNames.Of(Channel.GooglePlay)).Inc(0);
        TechnicalFailures.WithLabels(WireNames.Of(Channel.Web)).Inc(0);
    }

    public static void TechnicalFailure(Channel channel) => TechnicalFailures.WithLabels(WireNames.Of(channel)).Inc();
}
