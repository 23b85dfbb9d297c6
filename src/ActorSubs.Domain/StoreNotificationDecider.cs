using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain;

/// <summary>
/// Store notifications (docs/rules.md, "Store notifications"): stores retry and Pub/Sub does not order, so a
/// notification may come twice or late. The account must end as the de-duplicated notifications in the store's
/// order would leave it, whatever order they arrive in:
/// <list type="bullet">
/// <item>a notification id already applied is a no-op; a transaction id already known never extends again (R14);</item>
/// <item>auto-renew and billing (grace, lapsed) are last-writer-wins by the store's instant: an older fact is
/// remembered as seen and changes nothing;</item>
/// <item>paid periods are a set with tombstones: the expiry follows from the unrevoked ones (the store's expiry is
/// the least the account gets), and a revocation that comes first makes its purchase grant nothing.</item>
/// </list>
/// </summary>
public static class StoreNotificationDecider
{
    public static Decision Decide(AccountState s, StoreNotification n, DateTimeOffset now)
    {
        if (s.Store.HasSeen(n.NotificationId)) return Decision.NoOp;
        IAccountEvent[] effects = n.Change switch
        {
            StoreChange.PeriodPaid c => PeriodPaid(s, n, c, now),
            StoreChange.AutoRenewSwitched c => AutoRenew(s, n, c, now),
            StoreChange.BillingRetry c => Billing(s, n, StoreBilling.Grace, c.GraceEndsAt, now),
            StoreChange.Lapsed => Billing(s, n, StoreBilling.Lapsed, null, now),
            StoreChange.Revoked c => Revoke(s, c.TransactionId, n, now),
            _ => throw new ArgumentException($"unknown store change {n.Change.GetType().Name}", nameof(n)),
        };
        return Decision.Accept([new StoreNotificationSeen(n.NotificationId, n.Channel, n.OccurredAt, now), .. effects]);
    }

    // R3, R4, R14
    private static IAccountEvent[] PeriodPaid(AccountState s, StoreNotification n, StoreChange.PeriodPaid c, DateTimeOffset now)
    {
        // A paid period is also the newest billing fact when it is newer, even one already known: which notification
        // of a transaction arrives first must not decide where billing stands.
        var current = new BillingReport(StoreBilling.Current, null, n.OccurredAt, n.NotificationId);
        var billing = current.IsNewerThan(s.Store.Billing) ? current : null;
        if (s.Transactions.ContainsKey(c.TransactionId.Value))
            return billing is null ? [] : [new StoreBillingReported(billing, now)];

        var unpaid = UnpaidExpiresAt(s);
        var revoked = s.Store.RevokedUnseen.ContainsKey(c.TransactionId.Value);
        var period = new Transaction(c.TransactionId, TransactionKind.Purchase, c.Plan, n.Channel, c.PurchasedAt, c.ExpiresAt,
            unpaid ?? c.PurchasedAt, revoked) { ReportedByStore = true };

        var result = new SubscriptionTerms(s.Tier, s.Plan, s.Channel, s.ExpiresAt, s.AutoRenew);
        if (!revoked)
        {
            var before = s.Tier == Tier.Paid ? Target(s.Transactions.Values, unpaid) : null;
            var target = Target(s.Transactions.Values.Append(period), unpaid)!;
            // The store's expiry is the least the account gets. What the account has on top of the store's periods (a
            // permanent licence, a purchase through the API, an operator's extension) stays on top: the expiry moves
            // by what the store's periods gained.
            var expiresAt = before is null
                ? Plans.Later(s.ExpiresAt, target.ExpiresAt)
                : Plans.Later(target.ExpiresAt, s.ExpiresAt + (target.ExpiresAt - before.ExpiresAt));
            var defines = before is not null || target.ExpiresAt >= s.ExpiresAt || s.Tier != Tier.Paid;
            var channel = defines ? target.Channel : s.Channel!.Value;
            result = new SubscriptionTerms(Tier.Paid, defines ? target.Plan : s.Plan, channel, expiresAt, AutoRenewOn(s, channel));
        }
        return [new StorePeriodRecorded(c.TransactionId, c.Plan, n.Channel, c.PurchasedAt, c.ExpiresAt, revoked, unpaid, billing, result, now)];
    }

    // R9: for app-store the only way auto-renew changes.
    private static IAccountEvent[] AutoRenew(AccountState s, StoreNotification n, StoreChange.AutoRenewSwitched c, DateTimeOffset now)
    {
        var report = new AutoRenewReport(c.Enabled, n.OccurredAt, n.NotificationId);
        return report.IsNewerThan(s.Store.AutoRenew) ? [new StoreAutoRenewReported(report, s.Tier == Tier.Paid && c.Enabled, now)] : [];
    }

    // R9, R10: the grace the store keeps service for, or the end of it.
    private static IAccountEvent[] Billing(AccountState s, StoreNotification n, StoreBilling billing, DateTimeOffset? graceEndsAt, DateTimeOffset now)
    {
        var report = new BillingReport(billing, graceEndsAt, n.OccurredAt, n.NotificationId);
        return report.IsNewerThan(s.Store.Billing) ? [new StoreBillingReported(report, now)] : [];
    }

    // R12: a store may revoke what a user may not refund here (Apple's refunds).
    private static IAccountEvent[] Revoke(AccountState s, TransactionId id, StoreNotification n, DateTimeOffset now)
    {
        if (!s.Transactions.TryGetValue(id.Value, out var tx))
            // The earliest revocation is kept, so the tombstone is the same whichever copy arrives first.
            return s.Store.RevokedUnseen.TryGetValue(id.Value, out var noted) && noted <= n.OccurredAt
                ? []
                : [new StoreRevocationNoted(id, n.OccurredAt, now)];
        if (tx.Refunded) return [];
        if (!tx.ReportedByStore) return [AccountDecider.Revoke(s, tx, now)];
        // An operator made the account trial or free: its store periods no longer set the subscription.
        if (s.Tier != Tier.Paid) return [new Refunded(id, s.ExpiresAt, s.Tier, s.Plan, s.Channel, s.AutoRenew, now)];

        // The account loses what this period gave it: the store expiry it had with the period, less the one without.
        var unpaid = s.Store.UnpaidExpiresAt;
        var with = Target(s.Transactions.Values, unpaid)!.ExpiresAt;
        var without = Target(s.Transactions.Values.Where(t => t.Id != tx.Id), unpaid);
        var floor = unpaid ?? tx.PeriodStart!.Value;
        var expiresAt = s.ExpiresAt - (with - (without?.ExpiresAt ?? floor));
        if (without is not null)
            return [new Refunded(id, expiresAt, Tier.Paid, without.Plan, without.Channel, AutoRenewOn(s, without.Channel), now)];
        // No store period left: what was bought through the API sets the subscription, if anything was.
        var bought = s.Transactions.Values.Where(t => !t.ReportedByStore);
        return [AccountDecider.Leaving(s, id, bought, expiresAt, floor, now)];
    }

    /// <summary>
    /// The trial or free period's expiry that R4 keeps on top of the first store period: fixed when the first store
    /// period arrives (refunded or not), so it does not depend on which one arrives first.
    /// </summary>
    private static DateTimeOffset? UnpaidExpiresAt(AccountState s) =>
        s.Store.UnpaidExpiresAt ??
        (s.Tier != Tier.Paid && !s.Transactions.Values.Any(t => t.ReportedByStore) ? s.ExpiresAt : null);

    /// <summary>The newest auto-renew fact if there is one; else as R3 has it for a purchase on <paramref name="channel"/>.</summary>
    private static bool AutoRenewOn(AccountState s, Channel channel) =>
        s.Store.AutoRenew?.Enabled ?? (s.Tier == Tier.Paid && s.Channel == channel ? s.AutoRenew : Plans.DefaultAutoRenew(channel));

    private sealed record StoreTarget(DateTimeOffset ExpiresAt, DateTimeOffset Start, string Id, Plan Plan, Channel Channel);

    /// <summary>
    /// The subscription the unrevoked store periods give: each lasts to the store's expiry, plus (R4) what was left of
    /// the unpaid period at its purchase date; the one that lasts longest sets the expiry, plan and channel. Ties go to
    /// the later purchase, then the larger id, so the result is the same in any order.
    /// </summary>
    private static StoreTarget? Target(IEnumerable<Transaction> transactions, DateTimeOffset? unpaidExpiresAt)
    {
        StoreTarget? best = null;
        foreach (var t in transactions)
        {
            if (t is not { ReportedByStore: true, Refunded: false, Kind: TransactionKind.Purchase, PeriodStart: { } start, PeriodEnd: { } end, Plan: { } plan, Channel: { } channel })
                continue;
            var kept = unpaidExpiresAt is { } u && u > start ? u - start : TimeSpan.Zero;
            var candidate = new StoreTarget(end + kept, start, t.Id.Value, plan, channel);
            if (best is null || Longer(candidate, best)) best = candidate;
        }
        return best;
    }

    private static bool Longer(StoreTarget a, StoreTarget b) =>
        a.ExpiresAt != b.ExpiresAt ? a.ExpiresAt > b.ExpiresAt
        : a.Start != b.Start ? a.Start > b.Start
        : string.CompareOrdinal(a.Id, b.Id) > 0;
}
