using System.Globalization;
using static ActorSubs.Domain.AccountCommands;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain;

/// <summary>
/// The rules of docs/rules.md as one pure function: (state, command, now, options) → events or a rejection.
/// No clock, no I/O: time is the <c>now</c> argument, so tests move it freely.
/// </summary>
public static class AccountDecider
{
    public static Decision Decide(AccountState? state, IAccountCommand command, DateTimeOffset now, SubscriptionOptions o)
    {
        if (command is CreateAccount create)
            return state is null ? Decision.Accept(new AccountCreated(create.AccountId, create.Email, create.ApiKeyHash, now, now + o.TrialLength))
                : state.ApiKeyHash == create.ApiKeyHash && state.Email == create.Email ? Decision.NoOp // this sign-up, sent again
                : Rejection.Conflict(RejectionCodes.AccountExists, $"Account '{state.Id}' already exists.");
        if (state is null)
            return Rejection.NotFound(RejectionCodes.AccountNotFound, "No such account.");

        return command switch
        {
            Purchase c => DecidePurchase(state, c, now, o),
            SetAutoRenew c => DecideAutoRenew(state, c, now),
            RegisterLicence c => DecideLicence(state, c, now, o),
            // R8, R14
            BuyLicencePack c => state.Transactions.GetValueOrDefault(c.TransactionId.Value) switch
            {
                null => Decision.Accept(new LicencePackPurchased(c.TransactionId, now)),
                { Kind: TransactionKind.LicencePack } => Decision.NoOp,
                _ => TransactionConflict(c.TransactionId),
            },
            AddHost c => DecideAddHost(state, c, now, o),
            RemoveHost c => state.Hosts.ContainsKey(c.HostId.Value)
                ? Decision.Accept(new HostRemoved(c.HostId, now))
                : Rejection.NotFound(RejectionCodes.HostNotFound, $"Host '{c.HostId}' is not registered on this account."),
            AddDevice c => state.Devices.ContainsKey(c.DeviceId.Value)
                ? Rejection.Conflict(RejectionCodes.DeviceExists, $"Device '{c.DeviceId}' is already registered on this account.")
                : Decision.Accept(new DeviceAdded(c.DeviceId, c.Platform, c.Name, c.TokenHash, now)),
            RemoveDevice c => state.Devices.ContainsKey(c.DeviceId.Value)
                ? Decision.Accept(new DeviceRemoved(c.DeviceId, now))
                : Rejection.NotFound(RejectionCodes.DeviceNotFound, $"Device '{c.DeviceId}' is not registered on this account."),
            Refund c => DecideRefund(state, c, now),
            AdjustSubscription c => DecideAdjustment(state, c, now),
            AcknowledgeNotification c => state.Outbox.Any(p => p.Notification.Id == c.NotificationId && p.IsPendingFor(c.DeviceId.Value))
                ? Decision.Accept(new NotificationAcknowledged(c.NotificationId, c.DeviceId, now))
                : Decision.NoOp,
            RecordRenewalCharge c => DecideRenewalCharge(state, c, now),
            RecordRenewalDecline c => DecideRenewalDecline(state, c, now, o),
            ApplyStoreNotification c => StoreNotificationDecider.Decide(state, c.Notification, now),
            _ => throw new ArgumentException($"unknown account command {command.GetType().Name}", nameof(command)),
        };
    }

    // R3, R4, R14
    private static Decision DecidePurchase(AccountState s, Purchase c, DateTimeOffset now, SubscriptionOptions o)
    {
        if (s.Transactions.TryGetValue(c.TransactionId.Value, out var seen))
            return seen is { Kind: TransactionKind.Purchase } && seen.Plan == c.Plan && seen.Channel == c.Channel
                ? Decision.NoOp
                : TransactionConflict(c.TransactionId);

        if (s.Tier == Tier.Paid && s.RenewalOpensAt(o) is { } opensAt && now < opensAt)
            return Rejection.Conflict(RejectionCodes.RenewalNotOpen,
                $"This paid subscription runs until {Format(s.ExpiresAt)}; it can be renewed from {Format(opensAt)}.",
                new TimeField("renewalOpensAt", opensAt));

        // Inside the window (or on top of a trial) the new period starts at the old expiry: nothing is lost.
        // After expiry it starts now.
        var start = Plans.Later(now, s.ExpiresAt);
        var autoRenew = c.Channel == Channel.AppStore || (s.Tier == Tier.Paid && s.Channel == c.Channel
            ? s.AutoRenew
            : Plans.DefaultAutoRenew(c.Channel));
        return Decision.Accept(new Purchased(c.TransactionId, c.Plan, c.Channel, start, Plans.PeriodEnd(c.Plan, start), s.ExpiresAt, autoRenew, now));
    }

    // R9
    private static Decision DecideAutoRenew(AccountState s, SetAutoRenew c, DateTimeOffset now)
    {
        if (s.Tier != Tier.Paid)
            return Rejection.Conflict(RejectionCodes.AutoRenewNotSupported,
                $"A {WireNames.Of(s.Tier)} subscription has no auto-renew option; buy a paid plan first.");
        if (s.Channel == Channel.AppStore)
            return Rejection.Conflict(RejectionCodes.AutoRenewManagedByAppStore,
                "Auto-renew of an App Store subscription is managed by Apple: change it on the iOS device in " +
                "Settings > [your name] > Subscriptions (App Store settings).");
        return s.AutoRenew == c.Enabled ? Decision.NoOp : Decision.Accept(new AutoRenewChanged(c.Enabled, now));
    }

    // R5, R6, R7 (the cluster-wide half of R7 is the licence registry's)
    private static Decision DecideLicence(AccountState s, RegisterLicence c, DateTimeOffset now, SubscriptionOptions o)
    {
        if (s.Licences.Any(l => l.Key == c.Key))
            return Rejection.Conflict(RejectionCodes.LicenceAlreadyRegistered, "This licence key is already registered on this account.");
        if (c.Product == LicenceProduct.DesktopProSubscription)
            return Decision.Accept(new LicenceRegistered(c.Key, c.Product, s.ExpiresAt, now));
        if (s.Tier != Tier.Paid)
            return Rejection.Conflict(RejectionCodes.LicenceRequiresPaid,
                $"A Parallels Desktop permanent licence extends a paid subscription only; this account has a {WireNames.Of(s.Tier)} subscription.");
        var extended = Plans.Later(now, s.ExpiresAt).AddMonths(o.PermanentLicenceExtensionMonths);
        return Decision.Accept(new LicenceRegistered(c.Key, c.Product, extended, now));
    }

    // R8
    private static Decision DecideAddHost(AccountState s, AddHost c, DateTimeOffset now, SubscriptionOptions o)
    {
        if (s.Hosts.ContainsKey(c.HostId.Value))
            return Rejection.Conflict(RejectionCodes.HostExists, $"Host '{c.HostId}' is already registered on this account.");
        var limit = s.HostLimit(o);
        if (s.Hosts.Count >= limit)
            return Rejection.Conflict(RejectionCodes.HostLimitReached,
                $"This subscription allows {limit} hosts and all are in use; remove a host or buy a licence pack (+{o.HostsPerPack}).",
                new NumberField("limit", limit));
        return Decision.Accept(new HostAdded(c.HostId, c.Name, c.TokenHash, now));
    }

    // R12
    private static Decision DecideRefund(AccountState s, Refund c, DateTimeOffset now)
    {
        if (!s.Transactions.TryGetValue(c.TransactionId.Value, out var tx))
            return Rejection.NotFound(RejectionCodes.TransactionNotFound, $"Transaction '{c.TransactionId}' is not known on this account.");
        if (tx.Refunded)
            return Decision.NoOp;
        if (tx.Channel == Channel.AppStore)
            return Rejection.Conflict(RejectionCodes.RefundViaApple,
                "Purchases made through the App Store are refunded by Apple: ask at reportaproblem.apple.com or Apple Support.");
        return Decision.Accept(Revoke(s, tx, now));
    }

    /// <summary>R12: what revoking a transaction bought through the API leaves (also when a store revokes it).</summary>
    internal static Refunded Revoke(AccountState s, Transaction tx, DateTimeOffset now)
    {
        if (tx.Kind == TransactionKind.LicencePack)
            return new Refunded(tx.Id, s.ExpiresAt, s.Tier, s.Plan, s.Channel, s.AutoRenew, now);

        // Revoke the period. A period still running or to come takes its whole length out of the chain:
        // every later purchase was stacked on it (one bought after a lapse would start after it ended, so
        // could not exist yet). A period already over changes nothing ahead: later purchases made after a
        // lapse keep their dates.
        var (start, end) = (tx.PeriodStart!.Value, tx.PeriodEnd!.Value);
        var expiresAt = end > now ? s.ExpiresAt - (end - start) : s.ExpiresAt;
        var left = s.Transactions.Values.Where(t => t.Id != tx.Id);
        return Leaving(s, tx.Id, left, expiresAt, tx.PreviousExpiresAt!.Value, now);
    }

    /// <summary>
    /// R12: what a revocation leaves: the paid period that ends last sets plan and channel; with none left, the
    /// trial or free period as it was before the first purchase (ending by <paramref name="unpaidExpiresAt"/>).
    /// </summary>
    internal static Refunded Leaving(AccountState s, TransactionId id, IEnumerable<Transaction> left,
        DateTimeOffset expiresAt, DateTimeOffset unpaidExpiresAt, DateTimeOffset now)
    {
        var paid = left.Where(t => t is { Kind: TransactionKind.Purchase, Refunded: false })
            .OrderBy(t => t.PeriodEnd)
            .LastOrDefault();
        var autoRenew = s.AutoRenew && paid?.Channel == s.Channel;
        return paid is null
            ? new Refunded(id, Plans.Earlier(expiresAt, unpaidExpiresAt), s.UnpaidTier, null, null, false, now)
            : new Refunded(id, expiresAt, Tier.Paid, paid.Plan, paid.Channel, autoRenew, now);
    }

    // R9, R14: the charge continues the old period; the same transaction id twice extends once.
    private static Decision DecideRenewalCharge(AccountState s, RecordRenewalCharge c, DateTimeOffset now)
    {
        if (s.Transactions.ContainsKey(c.TransactionId.Value)) return Decision.NoOp;
        if (s is not { Tier: Tier.Paid, Plan: { } plan, Channel: { } channel })
            return Rejection.Conflict(RejectionCodes.AutoRenewNotSupported, "Only a paid subscription is renewed automatically.");
        return Decision.Accept(new RenewalCharged(c.TransactionId, plan, channel, s.ExpiresAt, Plans.PeriodEnd(plan, s.ExpiresAt), now));
    }

    // R9: retry inside the billing grace period, then give up (the timeline raises the expiry).
    private static Decision DecideRenewalDecline(AccountState s, RecordRenewalDecline c, DateTimeOffset now, SubscriptionOptions o)
    {
        var next = now + o.RenewalRetryInterval;
        var graceEnds = AccountTimeline.ServiceEndsAt(s, o);
        return Decision.Accept(new RenewalDeclined(c.Attempt, c.Reason, next < graceEnds ? next : null, now));
    }

    private static Decision DecideAdjustment(AccountState s, AdjustSubscription c, DateTimeOffset now)
    {
        var tier = c.Tier ?? s.Tier;
        if (tier != Tier.Paid)
            return Decision.Accept(new SubscriptionAdjusted(c.ExpiresAt, tier, null, null, now));
        var plan = c.Plan ?? s.Plan;
        if (plan is null)
            return Rejection.Invalid("plan", "A paid subscription needs a plan: give 'plan' (monthly, annual or biennial).");
        return Decision.Accept(new SubscriptionAdjusted(c.ExpiresAt, tier, plan, s.Channel ?? Channel.Web, now));
    }

    private static Rejection TransactionConflict(TransactionId id) =>
        Rejection.Conflict(RejectionCodes.TransactionConflict,
            $"Transaction '{id}' was already used for a different purchase on this account.");

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
