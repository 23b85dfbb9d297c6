using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain;

/// <summary>
/// R13: the notifications a change of the account raises, so that every connected or offline device
/// hears of renewals, failed charges, extensions and new hosts. Reminders and the expiry itself come from
/// <see cref="AccountTimeline"/>, which depends on the clock rather than on a command.
/// </summary>
public static class NotificationRules
{
    /// <summary>The decision's events followed by the notifications they raise, ready to write together.</summary>
    public static IReadOnlyList<IAccountEvent> WithNotifications(
        AccountState? before, IReadOnlyList<IAccountEvent> events, DateTimeOffset now, SubscriptionOptions o)
    {
        if (before is null || events.Count == 0) return events;
        if (before.Devices.Count == 0 && !events.Any(e => e is DeviceAdded)) return events; // nobody to tell
        var all = new List<IAccountEvent>(events);
        var state = before;
        foreach (var e in events)
        {
            var previous = state;
            state = state.Apply(e);
            // With no device registered there is nobody to tell: no notification, no write.
            if (state.Devices.Count > 0 && KindOf(previous, e, state, o) is { } raised)
                state = AccountTimeline.Raise(state, all, raised.Kind, raised.Data, now, o);
        }
        return all;
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
        _ => null,
    };
}
