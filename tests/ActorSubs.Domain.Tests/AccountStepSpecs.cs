using ActorSubs.Domain.Tests.Support;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// <see cref="AccountSteps"/>: one step is one write. A change of the next due instant travels in the same batch as
/// the change that moved it (<see cref="WakeupScheduled"/>), so it is exactly as durable; what a command makes due at
/// once is in that batch too.
/// </summary>
public sealed class AccountStepSpecs
{
    private static readonly SubscriptionOptions Options = new();
    private static readonly DateTimeOffset SignUp = At.Utc(2025, 1, 1);

    private static AccountStep SignedUp() =>
        AccountSteps.Handle(null, new AccountCommands.CreateAccount(new AccountId("acc-1"), "a@example.com", "hash"), SignUp, Options);

    [Fact]
    public void A_sign_up_writes_the_account_and_its_first_wake_up_together()
    {
        var step = SignedUp();

        Assert.Collection(step.Events,
            e => Assert.IsType<AccountCreated>(e),
            e => Assert.Equal(new WakeupScheduled(SignUp + Options.TrialLength - TimeSpan.FromDays(7), null, SignUp), e));
        Assert.Equal(SignUp + Options.TrialLength - TimeSpan.FromDays(7), step.State!.ScheduledWakeup);
    }

    [Fact]
    public void A_command_that_moves_the_next_due_instant_records_the_new_one_and_the_one_it_replaces()
    {
        var account = SignedUp().State!;
        var expiresAt = SignUp.AddHours(1);

        var step = AccountSteps.Handle(account, new AccountCommands.AdjustSubscription(expiresAt, null, null), SignUp.AddMinutes(1), Options);

        var scheduled = Assert.IsType<WakeupScheduled>(step.Events[^1]);
        Assert.Equal(expiresAt, scheduled.DueAt);
        Assert.Equal(account.ScheduledWakeup, scheduled.Replaces);
    }

    [Fact]
    public void A_command_that_leaves_the_next_due_instant_alone_writes_no_wake_up()
    {
        var account = SignedUp().State!;

        var step = AccountSteps.Handle(account, new AccountCommands.AddHost(new HostId("mac"), "Mac", "hash"), SignUp.AddMinutes(1), Options);

        Assert.IsType<HostAdded>(Assert.Single(step.Events));
        Assert.Equal(account.ScheduledWakeup, step.State!.ScheduledWakeup);
    }

    [Fact]
    public void A_duplicate_command_writes_nothing()
    {
        var account = SignedUp().State!;
        var buy = new AccountCommands.Purchase(Plan.Annual, Channel.Web, new TransactionId("tx-1"));
        var bought = AccountSteps.Handle(account, buy, SignUp.AddMinutes(1), Options).State!;

        var again = AccountSteps.Handle(bought, buy, SignUp.AddMinutes(2), Options);

        Assert.Null(again.Rejection);
        Assert.Empty(again.Events);
        Assert.Same(bought, again.State);
    }

    [Fact]
    public void An_adjustment_into_the_past_announces_the_expiry_in_the_same_write()
    {
        var withPhone = AccountSteps.Handle(SignedUp().State!, new AccountCommands.AddDevice(new DeviceId("phone"), Platform.Ios, "Phone", "hash"),
            SignUp, Options).State!;
        var now = SignUp.AddDays(1);

        var step = AccountSteps.Handle(withPhone, new AccountCommands.AdjustSubscription(now.AddSeconds(-1), null, null), now, Options);

        Assert.IsType<SubscriptionAdjusted>(step.Events[0]);
        var expired = step.Events.OfType<NotificationRaised>().Single(r => r.Notification.Kind == NotificationKind.SubscriptionExpired);
        Assert.Equal(now.AddSeconds(-1), expired.Notification.Data.DueAt);
        Assert.Equal(now, expired.Notification.At);
        Assert.Null(step.State!.ScheduledWakeup);
        Assert.Equal(new WakeupScheduled(null, withPhone.ScheduledWakeup, now), step.Events[^1]);
    }

    [Fact]
    public void A_tick_before_anything_is_due_writes_nothing_and_a_tick_at_the_instant_raises_it_with_its_due_instant()
    {
        var account = SignedUp().State!;
        var due = account.ScheduledWakeup!.Value;

        Assert.Empty(AccountSteps.Tick(account, due - TimeSpan.FromTicks(1), Options).Events);
        var late = due + TimeSpan.FromMilliseconds(40);
        var step = AccountSteps.Tick(account, late, Options);

        var reminder = Assert.IsType<NotificationRaised>(step.Events[0]).Notification;
        Assert.Equal(NotificationKind.ExpiringSoon, reminder.Kind);
        Assert.Equal(due, reminder.Data.DueAt);
        Assert.Equal(late, reminder.At);
        Assert.Equal(new WakeupScheduled(account.ExpiresAt - TimeSpan.FromDays(1), due, late), step.Events[^1]);
    }

    [Fact]
    public void The_same_state_fired_twice_raises_the_same_notification_id()
    {
        // A crash between the push and the write: the account re-fires from the same state, later.
        var account = SignedUp().State!;
        var due = account.ExpiresAt;
        var first = AccountSteps.Tick(account, due.AddMilliseconds(5), Options);
        var again = AccountSteps.Tick(account, due.AddSeconds(30), Options);

        Assert.Equal(
            first.Events.OfType<NotificationRaised>().Select(r => r.Notification.Id),
            again.Events.OfType<NotificationRaised>().Select(r => r.Notification.Id));
    }

    [Fact]
    public void A_device_connected_before_expiry_is_cut_the_limit_after_it_and_one_connecting_later_the_limit_after_connecting()
    {
        var account = SignedUp().State!;
        var expiry = account.ExpiresAt;

        Assert.Null(AccountTimeline.SessionEndsAt(account, SignUp, expiry.AddTicks(-1), Options));
        Assert.Equal(expiry + Options.ExpiredSessionLimit, AccountTimeline.SessionEndsAt(account, SignUp, expiry.AddSeconds(3), Options));
        Assert.Equal(expiry.AddHours(2) + Options.ExpiredSessionLimit,
            AccountTimeline.SessionEndsAt(account, expiry.AddHours(2), expiry.AddHours(2).AddSeconds(1), Options));
    }
}
