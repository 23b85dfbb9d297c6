using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain;

/// <summary>What falls due at an instant: an auto-renew charge to make (the caller talks to the payment channel).</summary>
public sealed record RenewalChargeDue(int Attempt, Plan Plan, Channel Channel);

/// <summary>The work due at an instant: events to write now, the state they lead to, a charge to make, and when to look again.</summary>
public sealed record DueWork(IReadOnlyList<IAccountEvent> Events, AccountState State, RenewalChargeDue? Charge, DateTimeOffset? NextDueAt);

/// <summary>
/// The account's own clock (R9 in docs/rules.md, R10, R13): when reminders, the auto-renew charge and the expiry fall due,
/// and the events they produce. Pure: the entity arms a timer for <see cref="DueWork.NextDueAt"/> and calls
/// <see cref="Due"/> when it fires (or on recovery, which catches up whatever was missed).
/// </summary>
public static class AccountTimeline
{
    /// <summary>
    /// When service stops: the expiry, or the end of the billing grace while auto-renew is on (R9). A store that
    /// reported the grace with its own end sets that end; a store that reported the subscription lapsed ends it at the expiry.
    /// </summary>
    public static DateTimeOffset ServiceEndsAt(AccountState s, SubscriptionOptions o)
    {
        if (s is not { Tier: Tier.Paid, AutoRenew: true }) return s.ExpiresAt;
        return s.Store.Billing switch
        {
            { Billing: StoreBilling.Lapsed } => s.ExpiresAt,
            { Billing: StoreBilling.Grace, GraceEndsAt: { } graceEndsAt } => Plans.Later(s.ExpiresAt, graceEndsAt),
            _ => s.ExpiresAt + o.BillingGrace,
        };
    }

    public static bool IsExpired(AccountState s, DateTimeOffset now, SubscriptionOptions o) => now >= ServiceEndsAt(s, o);

    public static DueWork Due(AccountState s, DateTimeOffset now, SubscriptionOptions o)
    {
        var events = new List<IAccountEvent>();
        var state = s;

        if (DueReminder(state, now, o) is { } lead)
        {
            var dueAt = state.ExpiresAt - lead;
            state = Raise(state, events, NotificationKind.ExpiringSoon,
                new NotificationData { ExpiresAt = state.ExpiresAt, Lead = lead, DueAt = dueAt }, now, o, dueAt);
        }

        if (ExpiryNoticeAt(state, o) is { } endsAt && now >= endsAt)
            state = Raise(state, events, NotificationKind.SubscriptionExpired,
                new NotificationData { ExpiresAt = state.ExpiresAt, DueAt = endsAt }, now, o, endsAt);

        // A charge only while service lasts: an account that slept through its grace period is expired, not
        // billed for the months it missed.
        RenewalChargeDue? charge = null;
        if (NextChargeAt(state, o) is { } chargeAt && now >= chargeAt && now < ServiceEndsAt(state, o) &&
            state is { Plan: { } plan, Channel: { } channel })
            charge = new RenewalChargeDue(state.RenewalAttemptsFor == state.ExpiresAt ? state.RenewalAttempts + 1 : 1, plan, channel);

        var next = NextDueAt(state, now, o);
        // A charge made now has no result yet: if it is lost (a crash), look again soon rather than at the next due instant.
        if (charge is not null && (next is null || now + o.ChargeResultRecheck < next)) next = now + o.ChargeResultRecheck;
        return new DueWork(events, state, charge, next);
    }

    /// <summary>
    /// R10: when a device session must end, or null while the subscription lasts: the limit counts from the end of
    /// service, or from the connection for a device that connects after it.
    /// </summary>
    public static DateTimeOffset? SessionEndsAt(
        AccountState s, DateTimeOffset connectedAt, DateTimeOffset now, SubscriptionOptions o) =>
        IsExpired(s, now, o) ? Plans.Later(connectedAt, ServiceEndsAt(s, o)) + o.ExpiredSessionLimit : null;

    /// <summary>The next instant after <paramref name="now"/> at which something falls due, if any.</summary>
    public static DateTimeOffset? NextDueAt(AccountState s, DateTimeOffset now, SubscriptionOptions o) =>
        OpenLeads(s, o).Select(lead => (DateTimeOffset?)(s.ExpiresAt - lead))
            .Append(ExpiryNoticeAt(s, o))
            .Append(NextChargeAt(s, o))
            .Where(at => at > now)
            .Min();

    /// <summary>
    /// A notification raised now, numbered by the account and addressed to every registered device. What the clock
    /// raises (<paramref name="dueAt"/> set) has an id that also names its kind and instant: it is pushed before it
    /// is written, and if a crash comes in between, the account re-fires it from the same state with the same
    /// number, so the devices see the same id again rather than a second, different notification.
    /// </summary>
    public static AccountState Raise(AccountState s, List<IAccountEvent> events, NotificationKind kind, NotificationData data,
        DateTimeOffset now, SubscriptionOptions o, DateTimeOffset? dueAt = null)
    {
        var number = $"n{s.NotificationSequence + 1}";
        var id = dueAt is { } due ? $"{number}-{WireNames.Of(kind)}-{due.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}" : number;
        var notification = new Notification(id, kind, now, data);
        var recipients = s.Devices.Keys.Order(StringComparer.Ordinal).ToArray();
        var overflow = Math.Max(0, s.Outbox.Count + (recipients.Length > 0 ? 1 : 0) - o.OutboxLimit);
        var raised = new NotificationRaised(notification, recipients, overflow, now);
        events.Add(raised);
        return s.Apply(raised);
    }

    /// <summary>
    /// Once per expiry, and never for an expiry no later than one already announced: a refund that puts the
    /// account back on an earlier expiry does not tell the devices a second time.
    /// </summary>
    private static DateTimeOffset? ExpiryNoticeAt(AccountState s, SubscriptionOptions o) =>
        s.ExpiryNotifiedFor is { } notified && s.ExpiresAt <= notified ? null : ServiceEndsAt(s, o);

    private static DateTimeOffset? NextChargeAt(AccountState s, SubscriptionOptions o)
    {
        if (s is not { Tier: Tier.Paid, AutoRenew: true }) return null;
        // Apple charges App Store subscriptions itself and tells the account (R9); a lapsed subscription is not charged.
        if (s.Channel == Channel.AppStore || s.Store.Billing?.Billing == StoreBilling.Lapsed) return null;
        var at = s.RenewalAttemptsFor == s.ExpiresAt ? s.NextRenewalAttemptAt : s.ExpiresAt;
        return at is { } t && t < ServiceEndsAt(s, o) ? t : null;
    }

    /// <summary>Leads not yet raised for the current expiry, largest first.</summary>
    private static IEnumerable<TimeSpan> OpenLeads(AccountState s, SubscriptionOptions o)
    {
        var raisedDownTo = s.RemindedExpiry == s.ExpiresAt ? s.SmallestLeadReminded : null;
        return o.ReminderLeads.Where(l => raisedDownTo is null || l < raisedDownTo).OrderDescending();
    }

    /// <summary>
    /// The reminder due now: of the leads already reached, only the smallest is raised, so an account that
    /// slept through the 7-day lead is not told twice on waking a day before expiry.
    /// </summary>
    private static TimeSpan? DueReminder(AccountState s, DateTimeOffset now, SubscriptionOptions o) =>
        now >= s.ExpiresAt ? null : OpenLeads(s, o).Where(l => now >= s.ExpiresAt - l).Select(l => (TimeSpan?)l).Min();
}
