namespace ActorSubs.Domain;

/// <summary>A change asked of one account. Decided by <see cref="AccountDecider"/>.</summary>
public interface IAccountCommand;

public static class AccountCommands
{
    /// <summary>Sign-up (R1 in docs/rules.md). The API key is made by the caller; the account keeps only its hash.</summary>
    public sealed record CreateAccount(AccountId AccountId, string Email, string ApiKeyHash) : IAccountCommand;

    public sealed record Purchase(Plan Plan, Channel Channel, TransactionId TransactionId) : IAccountCommand;

    public sealed record SetAutoRenew(bool Enabled) : IAccountCommand;

    public sealed record RegisterLicence(LicenceKey Key, LicenceProduct Product) : IAccountCommand;

    public sealed record BuyLicencePack(TransactionId TransactionId) : IAccountCommand;

    public sealed record AddHost(HostId HostId, string Name, string TokenHash) : IAccountCommand;

    public sealed record RemoveHost(HostId HostId) : IAccountCommand;

    public sealed record AddDevice(DeviceId DeviceId, Platform Platform, string Name, string TokenHash) : IAccountCommand;

    public sealed record RemoveDevice(DeviceId DeviceId) : IAccountCommand;

    public sealed record Refund(TransactionId TransactionId) : IAccountCommand;

    /// <summary>Operator adjustment (support tool, tests, demos).</summary>
    public sealed record AdjustSubscription(DateTimeOffset ExpiresAt, Tier? Tier, Plan? Plan) : IAccountCommand;

    /// <summary>A device has seen a notification (R13).</summary>
    public sealed record AcknowledgeNotification(DeviceId DeviceId, string NotificationId) : IAccountCommand;

    /// <summary>The payment channel took the auto-renew charge of <paramref name="Attempt"/> (R9).</summary>
    public sealed record RecordRenewalCharge(TransactionId TransactionId, int Attempt) : IAccountCommand;

    /// <summary>The payment channel declined the auto-renew charge of <paramref name="Attempt"/> (R9).</summary>
    public sealed record RecordRenewalDecline(int Attempt, string Reason) : IAccountCommand;

    /// <summary>A verified store server notification (App Store, Google Play, Cleverbridge), mapped by the HTTP layer.</summary>
    public sealed record ApplyStoreNotification(StoreNotification Notification) : IAccountCommand;
}
