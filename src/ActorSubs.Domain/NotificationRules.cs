using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain;

/// <summary>
/// R13 in docs/rules.md: the notifications a change of the account raises, so that every connected or offline device
/// hears of renewals, failed charges, extensions and new hosts. Reminders and the expiry itself come from
/// <see cref="AccountTimeline"/>, which depends on the clock rather than on a command.
/// </summary>
public static class NotificationRules
{
    /// <summary>
    /// The decision's events followed by the notifications they raise, ready to write together, and the state
    /// they lead to (each event is applied here once; the caller does not apply them again).
    /// </summary>
    public static (IReadOnlyList<IAccountEvent> Events, AccountState State) WithNotifications(
        AccountState? before, IReadOnlyList<IAccountEvent> events, DateTimeOffset now, SubscriptionOptions o)
    {
        var all = new List<IAccountEvent>(events);
        var state = before;
        foreach (var e in events)
        {
            var previous = state;
            state = e is AccountCreated created ? AccountState.Create(created) : state!.Apply(e);
            // With no device registered there is nobody to tell: no notification, no write.
            if (previous is not null && state.Devices.Count > 0 && KindOf(previous, e, state, o) is { } raised)
                state = AccountTimeline.Raise(state, all, raised.Kind, raised.Data, now, o);
        }
        return (all, state ?? throw new ArgumentException("no events to apply to an account that does not exist", nameof(events)));
    }

    private static (NotificationKind Kind, NotificationData Data)? KindOf(
        AccountState before, IAccountEvent e, AccountState after, SubscriptionOptions o) => e switch
    {
        Purchased or RenewalCharged => (NotificationKind.Renewed, new NotificationData { ExpiresAt = after.ExpiresAt }),
        RenewalDeclined d => (NotificationKind.RenewalFailed, new NotificationData
        {
            Attempt = d.Attempt, GraceEndsAt = AccountTimeline.ServiceEndsAt(after, o), NextAttemptAt = d.NextAttemptAt,
        }),
        LicenceRegistered { Product: LicenceProduct.DesktopPermanent } =>
            (NotificationKind.SubscriptionExtended, new NotificationData { ExpiresAt = after.ExpiresAt }),
        LicenceRegistered or LicencePackPurchased => (NotificationKind.HostsAdded, new NotificationData { HostLimit = after.HostLimit(o) }),
        SubscriptionAdjusted when after.ExpiresAt > before.ExpiresAt =>
            (NotificationKind.SubscriptionExtended, new NotificationData { ExpiresAt = after.ExpiresAt }),
        // Store notifications: a period that gives the account more time is a renewal; a late or revoked one raises nothing.
        StorePeriodRecorded { Revoked: false } when after.ExpiresAt > before.ExpiresAt || after.Tier != before.Tier =>
            (NotificationKind.Renewed, new NotificationData { ExpiresAt = after.ExpiresAt }),
        // The store retries the charge itself: no attempt number and no next attempt the account knows of.
        StoreBillingReported { Report.Billing: StoreBilling.Grace } when after is { Tier: Tier.Paid, AutoRenew: true } =>
            (NotificationKind.RenewalFailed, new NotificationData { GraceEndsAt = AccountTimeline.ServiceEndsAt(after, o) }),
        _ => null,
    };
}
