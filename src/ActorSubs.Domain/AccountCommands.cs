namespace ActorSubs.Domain;

/// <summary>A change asked of one account. Decided by <see cref="AccountDecider"/>.</summary>
public interface IAccountCommand;

/// <summary>
/// A command the decider recognises when it comes again (the same sign-up, transaction or notification): applied twice
/// it has the effect of once and answers the same, so a sender that got no answer may send it again.
/// </summary>
public interface IRepeatableCommand : IAccountCommand;

public static class AccountCommands
{
    /// <summary>
    /// Sign-up (R1 in docs/rules.md). The API key is made by the caller; the account keeps only its hash, which also tells
    /// a repeat of this sign-up (same hash) from a second sign-up under the same id.
    /// </summary>
    public sealed record CreateAccount(AccountId AccountId, string Email, string ApiKeyHash) : IRepeatableCommand;

    public sealed record Purchase(Plan Plan, Channel Channel, TransactionId TransactionId) : IRepeatableCommand;

    public sealed record SetAutoRenew(bool Enabled) : IAccountCommand;

    public sealed record RegisterLicence(LicenceKey Key, LicenceProduct Product) : IAccountCommand;

    public sealed record BuyLicencePack(TransactionId TransactionId) : IRepeatableCommand;

    public sealed record AddHost(HostId HostId, string Name, string TokenHash) : IAccountCommand;

    public sealed record RemoveHost(HostId HostId) : IAccountCommand;

    public sealed record AddDevice(DeviceId DeviceId, Platform Platform, string Name, string TokenHash) : IAccountCommand;

    public sealed record RemoveDevice(DeviceId DeviceId) : IAccountCommand;

    public sealed record Refund(TransactionId TransactionId) : IAccountCommand;

    /// <summary>Operator adjustment (support tool, tests, demos).</summary>
    public sealed record AdjustSubscription(DateTimeOffset ExpiresAt, Tier? Tier, Plan? Plan) : IAccountCommand;

    /// <summary>A device has seen a notification (R13).</summary>
    public sealed record AcknowledgeNotification(DeviceId DeviceId, string NotificationId) : IRepeatableCommand;

    /// <summary>The payment channel took the auto-renew charge of <paramref name="Attempt"/> (R9).</summary>
    public sealed record RecordRenewalCharge(TransactionId TransactionId, int Attempt) : IRepeatableCommand;

    /// <summary>The payment channel declined the auto-renew charge of <paramref name="Attempt"/> (R9).</summary>
    public sealed record RecordRenewalDecline(int Attempt, string Reason) : IAccountCommand;

    /// <summary>A verified store server notification (App Store, Google Play, Cleverbridge), mapped by the HTTP layer.</summary>
    public sealed record ApplyStoreNotification(StoreNotification Notification) : IRepeatableCommand;
}
