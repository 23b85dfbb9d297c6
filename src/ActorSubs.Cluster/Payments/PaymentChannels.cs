using ActorSubs.Domain;

namespace ActorSubs.Cluster.Payments;

/// <summary>
/// An auto-renew charge (R9 in docs/rules.md). <paramref name="IdempotencyKey"/> names the period being renewed and the
/// R9 attempt, so a charge made again (after a crash, a timeout, a provider error) is the same charge at the provider
/// and yields the same transaction id (R14): it never bills twice.
/// </summary>
public sealed record ChargeRequest(string AccountId, Channel Channel, Plan Plan, int Attempt, string IdempotencyKey);

/// <summary>How a charge ended, as the account must read it.</summary>
public enum ChargeOutcome
{
    /// <summary>The provider billed the customer and named the transaction.</summary>
    Charged,

    /// <summary>The provider refused to bill (card declined, insufficient funds): a business answer that uses up an R9 attempt.</summary>
    Declined,

    /// <summary>
    /// No answer the account can act on (an error status, a timeout, no connection, an unreadable body): the provider may
    /// or may not have billed, so the same charge is made again, with the same idempotency key, and no attempt is used up.
    /// </summary>
    Failed,
}

public sealed record ChargeResult(ChargeOutcome Outcome, string? TransactionId, string? Reason)
{
    public static ChargeResult Charged(string transactionId) => new(ChargeOutcome.Charged, transactionId, null);

    public static ChargeResult Declined(string reason) => new(ChargeOutcome.Declined, null, reason);

    public static ChargeResult Failed(string reason) => new(ChargeOutcome.Failed, null, reason);
}

/// <summary>The stores' billing: the one true external edge of the system.</summary>
public interface IPaymentChannels
{
    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellation);
}
