using ActorSubs.Domain;

namespace ActorSubs.Cluster.Payments;

public sealed record SimulatedChannelOptions
{
    /// <summary>Decline every charge on this channel (exercises the billing grace period of R9 in docs/rules.md).</summary>
    public bool Decline { get; init; }

    /// <summary>How long a charge takes.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(20);
}

/// <summary>
/// Settings of the simulated providers, bound from <c>ActorSubs:Payments</c>, one per channel the account charges itself.
/// App Store subscriptions have none: Apple charges them, and the account learns of it from Apple's notifications.
/// </summary>
public sealed record PaymentOptions
{
    public const string Section = "ActorSubs:Payments";

    public SimulatedChannelOptions GooglePlay { get; init; } = new();
    public SimulatedChannelOptions Web { get; init; } = new();

    public SimulatedChannelOptions For(Channel channel) => channel switch
    {
        Channel.GooglePlay => GooglePlay,
        Channel.Web => Web,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Apple charges App Store subscriptions; the account never does."),
    };
}

/// <summary>
/// Stands in for the App Store, Google Play and Cleverbridge until their real billing APIs are wired:
/// each channel succeeds or declines as configured, after its configured latency.
/// </summary>
public sealed class SimulatedPaymentChannels(PaymentOptions options) : IPaymentChannels
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
