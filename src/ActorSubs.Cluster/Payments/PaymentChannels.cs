using ActorSubs.Domain;

namespace ActorSubs.Cluster.Payments;

/// <summary>
/// An auto-renew charge (R9 in docs/rules.md). <paramref name="IdempotencyKey"/> names the period being renewed, so a charge
/// retried after a crash is the same charge at the provider and yields the same transaction id (R14).
/// </summary>
public sealed record ChargeRequest(string AccountId, Channel Channel, Plan Plan, int Attempt, string IdempotencyKey);

public sealed record ChargeResult(bool Succeeded, string? TransactionId, string? DeclineReason)
{
    public static ChargeResult Charged(string transactionId) => new(true, transactionId, null);

    public static ChargeResult Declined(string reason) => new(false, null, reason);
}

/// <summary>The stores' billing: the one true external edge of the system.</summary>
public interface IPaymentChannels
{
    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellation);
}
