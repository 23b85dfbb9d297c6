using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain;

/// <summary>
/// Everything one step of an account decides, ready to write in one batch: the events (the command's own, the
/// notifications they raise, whatever falls due now, and the new wake-up when the next due instant moved), the
/// state they lead to (so the entity applies nothing a second time), and a renewal charge to start.
/// </summary>
public sealed record AccountStep(
    Rejection? Rejection, IReadOnlyList<IAccountEvent> Events, AccountState? State, RenewalChargeDue? Charge);

/// <summary>
/// The account's two kinds of step, pure: a command (<see cref="Handle"/>) and the passing of time (<see cref="Tick"/>).
/// Both end the same way: the due work at <c>now</c> is done, and a change of the next due instant is recorded as a
/// <see cref="WakeupScheduled"/> in the same batch, so it is as durable as the change that caused it.
/// </summary>
public static class AccountSteps
{
    public static AccountStep Handle(AccountState? state, IAccountCommand command, DateTimeOffset now, SubscriptionOptions o)
    {
        var decision = AccountDecider.Decide(state, command, now, o);
        if (decision.Rejection is { } rejection) return new AccountStep(rejection, [], state, null);
        if (decision.Events.Count == 0) return new AccountStep(null, [], state, null); // a duplicate: nothing to write
        var (events, next) = NotificationRules.WithNotifications(state, decision.Events, now, o);
        return Complete(next, events, now, o);
    }

    /// <summary>Time has passed: the reminders, expiry and charge due at <paramref name="now"/>.</summary>
    public static AccountStep Tick(AccountState state, DateTimeOffset now, SubscriptionOptions o) => Complete(state, [], now, o);

    private static AccountStep Complete(AccountState state, IReadOnlyList<IAccountEvent> decided, DateTimeOffset now, SubscriptionOptions o)
    {
        var due = AccountTimeline.Due(state, now, o);
        var events = new List<IAccountEvent>(decided.Count + due.Events.Count + 1);
        events.AddRange(decided);
        events.AddRange(due.Events);
        var next = due.State;
        if (due.NextDueAt != next.ScheduledWakeup)
        {
            var scheduled = new WakeupScheduled(due.NextDueAt, next.ScheduledWakeup, now);
            events.Add(scheduled);
            next = next.Apply(scheduled);
        }
        return new AccountStep(null, events, next, due.Charge);
    }
}
