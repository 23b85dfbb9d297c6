using ActorSubs.Domain;

namespace ActorSubs.Cluster.Payments;

/// <summary>
/// Stands in for Google Play and Cleverbridge in Development and in tests (<c>ActorSubs:Payments:Provider=Simulated</c>):
/// each channel succeeds or declines as configured, after its configured latency.
/// </summary>
public sealed class SimulatedPaymentChannels(SimulatedPaymentOptions options) : IPaymentChannels
{
    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellation)
    {
        var channel = options.For(request.Channel);
        if (channel.Latency > TimeSpan.Zero) await Task.Delay(channel.Latency, cancellation);
        return channel.Decline
            ? ChargeResult.Declined($"{WireNames.Of(request.Channel)} declined the charge (simulated)")
            : ChargeResult.Charged($"sim-{WireNames.Of(request.Channel)}-{request.IdempotencyKey}");
    }
}
