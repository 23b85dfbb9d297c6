namespace ActorSubs.Domain;

public sealed record SubscriptionView(
    Tier Tier, Plan? Plan, Channel? Channel, SubscriptionStatus Status, DateTimeOffset ExpiresAt,
    DateTimeOffset? RenewalOpensAt, bool AutoRenew, bool AutoRenewSupported);

public sealed record HostView(string HostId, string Name, DateTimeOffset AddedAt, bool Online);

public sealed record DeviceView(string DeviceId, Platform Platform, string Name, DateTimeOffset AddedAt);

public sealed record LicenceView(string Key, LicenceProduct Product, DateTimeOffset RegisteredAt);

/// <summary>
/// The account as the API shows it (docs/api.md, <c>GET /api/accounts/{id}</c>): derived values such as the
/// status and the host limit are computed for one instant. Plain arrays, so it crosses nodes cheaply.
/// <see cref="StoreAccountToken"/> is derived from the account id (<see cref="Domain.StoreAccountToken"/>), not stored.
/// </summary>
public sealed record AccountView(
    string AccountId, string Email, DateTimeOffset CreatedAt, SubscriptionView Subscription, int HostLimit,
    int LicencePacks, HostView[] Hosts, DeviceView[] Devices, LicenceView[] Licences, string StoreAccountToken)
{
    /// <param name="onlineHosts">Hosts whose agent is connected right now (held by the gateway, not persisted).</param>
    public static AccountView Of(AccountState s, DateTimeOffset now, SubscriptionOptions o, IReadOnlySet<string>? onlineHosts = null) => new(
        s.Id.Value, s.Email, s.CreatedAt,
        SubscriptionOf(s, now, o),
        s.HostLimit(o), s.LicencePacks,
        s.Hosts.Values.OrderBy(h => h.AddedAt).ThenBy(h => h.Id.Value, StringComparer.Ordinal)
            .Select(h => new HostView(h.Id.Value, h.Name, h.AddedAt, onlineHosts?.Contains(h.Id.Value) == true)).ToArray(),
        s.Devices.Values.OrderBy(d => d.AddedAt).ThenBy(d => d.Id.Value, StringComparer.Ordinal)
            .Select(d => new DeviceView(d.Id.Value, d.Platform, d.Name, d.AddedAt)).ToArray(),
        s.Licences.Select(l => new LicenceView(l.Key.Value, l.Product, l.RegisteredAt)).ToArray(),
        Domain.StoreAccountToken.Text(s.Id));

    public static SubscriptionView SubscriptionOf(AccountState s, DateTimeOffset now, SubscriptionOptions o) =>
        new(s.Tier, s.Plan, s.Channel, s.Status(now, o), s.ExpiresAt, s.RenewalOpensAt(o), s.AutoRenew, AutoRenewSupported: s.Tier == Tier.Paid);
}
