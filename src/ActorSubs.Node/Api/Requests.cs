using ActorSubs.Domain;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Node.Api;

// Request bodies of the routes in docs/api.md. Members are read as loosely typed JSON and checked by ToCommand, so each
// mistake is reported with the name of its field.

public sealed record SignUpRequest(string? AccountId, string? Email);

public sealed record PurchaseRequest(string? Plan, string? Channel, string? TransactionId)
{
    public Purchase ToCommand() => new(
        Validate.Enum<Plan>(Plan, "plan"), Validate.Enum<Channel>(Channel, "channel"),
        new TransactionId(Validate.Id(TransactionId, "transactionId")));
}

public sealed record AutoRenewRequest(bool? Enabled)
{
    public SetAutoRenew ToCommand() => new(Validate.Required(Enabled, "enabled"));
}

public sealed record LicenceRequest(string? Key, string? Product)
{
    public RegisterLicence ToCommand() => new(
        new LicenceKey(Validate.Id(Key, "key")), Validate.Enum<LicenceProduct>(Product, "product"));
}

public sealed record LicencePackRequest(string? TransactionId)
{
    public BuyLicencePack ToCommand() => new(new TransactionId(Validate.Id(TransactionId, "transactionId")));
}

public sealed record HostRequest(string? HostId, string? Name);

public sealed record DeviceRequest(string? DeviceId, string? Platform, string? Name);

public sealed record RefundRequest(string? TransactionId)
{
    public Refund ToCommand() => new(new TransactionId(Validate.Id(TransactionId, "transactionId")));
}

public sealed record SubscriptionAdjustmentRequest(string? ExpiresAt, string? Tier, string? Plan)
{
    public AdjustSubscription ToCommand() => new(
        Validate.Time(ExpiresAt, "expiresAt"), Validate.OptionalEnum<Tier>(Tier, "tier"), Validate.OptionalEnum<Plan>(Plan, "plan"));
}

public sealed record SignUpResponse(string AccountId, string ApiKey, AccountView Account);

public sealed record HostRegistered(string HostId, string Token);

public sealed record DeviceRegistered(string DeviceId, string Token);
