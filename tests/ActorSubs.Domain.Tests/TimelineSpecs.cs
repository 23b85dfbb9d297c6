using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// R10, R13: the account's own clock. <see cref="AccountTimeline.Due"/> raises the expiring-soon reminders
/// (leads 7 days and 1 day) and the subscription-expired notice once per expiry; <see cref="AccountTimeline.NextDueAt"/>
/// says when to look again. The clock is moved explicitly; nothing happens unless Due is called.
/// </summary>
public sealed class TimelineSpecs
{
    // A trial from 2025-01-01 expires 2025-01-15: leads fall on 2025-01-08 (7 days) and 2025-01-14 (1 day).
    private static readonly DateTimeOffset TrialEnd = At.Utc(2025, 1, 15);

    private static AccountFixture Trial() => AccountFixture.SignedUpAt("2025-01-01");

    [Fact]
    public void A_fresh_trial_is_next_due_seven_days_before_its_expiry()
    {
        var account = Trial();

        Assert.Equal(TrialEnd - TimeSpan.FromDays(7), account.NextDueAt);
        var work = account.Due();
        Assert.Empty(work.Events);
        Assert.Null(work.Charge);
        Assert.Equal(At.Utc(2025, 1, 8), work.NextDueAt);
    }

    [Fact]
    public void Nothing_is_due_one_tick_before_the_seven_day_lead()
    {
        var account = Trial().MoveTo(At.Utc(2025, 1, 8) - TimeSpan.FromTicks(1));

        var work = account.Due();

        Assert.Empty(work.Events);
        Assert.Equal(At.Utc(2025, 1, 8), work.NextDueAt);
    }

    [Fact]
    public void Seven_days_before_expiry_one_expiring_soon_with_a_seven_day_lead_is_raised()
    {
        var account = Trial().MoveTo("2025-01-08");

        var work = account.Due();

        var raised = Assert.IsType<AccountEvents.NotificationRaised>(Assert.Single(work.Events));
        Assert.Equal(NotificationKind.ExpiringSoon, raised.Notification.Kind);
        Assert.Equal(TimeSpan.FromDays(7), raised.Notification.Data.Lead);
        Assert.Equal(TrialEnd, raised.Notification.Data.ExpiresAt);
        Assert.Equal("n1-expiring-soon-20250108T000000000Z", raised.Notification.Id);
        Assert.Equal(At.Utc(2025, 1, 8), raised.Notification.At);
        Assert.Null(work.Charge);
        Assert.Equal(TrialEnd - TimeSpan.FromDays(1), work.NextDueAt);
    }

    [Fact]
    public void Calling_due_again_at_the_same_instant_raises_nothing_more()
    {
        var account = Trial().MoveTo("2025-01-08");
        account.Due();

        Assert.Empty(account.Due().Events);
        Assert.Empty(account.Advance(TimeSpan.FromHours(12)).Due().Events);
    }

    [Fact]
    public void One_day_before_expiry_a_second_expiring_soon_with_a_one_day_lead_is_raised()
    {
        var account = Trial().MoveTo("2025-01-08");
        account.Due();

        var work = account.MoveTo("2025-01-14").Due();

        var reminder = work.Events.SingleNotification(NotificationKind.ExpiringSoon);
        Assert.Single(work.Events);
        Assert.Equal(TimeSpan.FromDays(1), reminder.Data.Lead);
        Assert.Equal(TrialEnd, reminder.Data.ExpiresAt);
        Assert.Equal("n2-expiring-soon-20250114T000000000Z", reminder.Id);
        Assert.Equal(TrialEnd, work.NextDueAt);
    }

    [Fact]
    public void An_account_that_slept_through_both_leads_until_twelve_hours_before_expiry_gets_only_the_one_day_reminder()
    {
        var account = Trial().MoveTo("2025-01-02");
        Assert.Empty(account.Due().Events);

        var work = account.MoveTo("2025-01-14T12:00:00").Due();

        var reminder = Assert.Single(work.Events.Notifications());
        Assert.Equal(NotificationKind.ExpiringSoon, reminder.Kind);
        Assert.Equal(TimeSpan.FromDays(1), reminder.Data.Lead);
        Assert.Equal(TrialEnd, work.NextDueAt);
        Assert.Empty(account.Due().Events);
    }

    [Fact]
    public void No_reminder_is_raised_at_expiry_only_the_expiry_notice()
    {
        var account = Trial().MoveTo(TrialEnd);

        var raised = account.Due().Events.Notifications().ToList();

        Assert.Equal([NotificationKind.SubscriptionExpired], raised.Select(n => n.Kind));
    }

    [Fact]
    public void No_reminder_is_raised_after_expiry()
    {
        var account = Trial().MoveTo("2025-01-20");

        var raised = account.Due().Events.Notifications().ToList();

        Assert.DoesNotContain(raised, n => n.Kind == NotificationKind.ExpiringSoon);
        Assert.Empty(account.Advance(TimeSpan.FromDays(3)).Due().Events);
    }

    [Fact]
    public void Reminders_restart_for_the_new_expiry_after_a_purchase()
    {
        var account = Trial();
        Assert.Equal(2, account.RunClockUntil("2025-01-14").Count);

        // Bought on top of the trial (R4): the month starts at the trial's end.
        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));
        var newExpiry = At.Utc(2025, 2, 15);
        Assert.Equal(newExpiry, account.ExpiresAt);
        Assert.Equal(newExpiry - TimeSpan.FromDays(7), account.NextDueAt);

        var sevenDay = account.MoveTo("2025-02-08").Due().Events.SingleNotification(NotificationKind.ExpiringSoon);
        Assert.Equal(TimeSpan.FromDays(7), sevenDay.Data.Lead);
        Assert.Equal(newExpiry, sevenDay.Data.ExpiresAt);
        var oneDay = account.MoveTo("2025-02-14").Due().Events.SingleNotification(NotificationKind.ExpiringSoon);
        Assert.Equal(TimeSpan.FromDays(1), oneDay.Data.Lead);
        Assert.Equal(newExpiry, oneDay.Data.ExpiresAt);
    }

    [Fact]
    public void The_reminder_leads_come_from_the_options()
    {
        var options = new SubscriptionOptions { ReminderLeads = [TimeSpan.FromHours(6), TimeSpan.FromDays(3)] };
        var account = AccountFixture.SignedUpAt("2025-01-01", options);

        Assert.Equal(TrialEnd - TimeSpan.FromDays(3), account.NextDueAt);
        var raised = account.RunClockUntil(TrialEnd - TimeSpan.FromMinutes(1));

        Assert.Equal([TimeSpan.FromDays(3), TimeSpan.FromHours(6)], raised.Select(n => n.Data.Lead!.Value));
    }

    [Fact]
    public void Subscription_expired_is_not_raised_one_tick_before_the_expiry()
    {
        var account = Trial();
        account.RunClockUntil(TrialEnd - TimeSpan.FromTicks(1));

        Assert.Empty(account.Due().Events);
        Assert.Equal(TrialEnd, account.NextDueAt);
    }

    [Fact]
    public void Subscription_expired_is_raised_once_at_the_expiry_instant()
    {
        var account = Trial();
        account.RunClockUntil("2025-01-14");

        var work = account.MoveTo(TrialEnd).Due();

        var expired = work.Events.SingleNotification(NotificationKind.SubscriptionExpired);
        Assert.Single(work.Events);
        Assert.Equal(TrialEnd, expired.Data.ExpiresAt);
        Assert.Equal(TrialEnd, expired.At);
        Assert.Equal(TrialEnd, account.State.ExpiryNotifiedFor);
        Assert.Null(work.Charge);
        Assert.Null(work.NextDueAt);
    }

    [Fact]
    public void Subscription_expired_is_not_raised_again_for_the_same_expiry()
    {
        var account = Trial().MoveTo(TrialEnd);
        account.Due();

        Assert.Empty(account.Due().Events);
        Assert.Empty(account.MoveTo("2025-01-16").Due().Events);
        Assert.Empty(account.MoveTo("2025-06-01").Due().Events);
        Assert.Null(account.NextDueAt);
    }

    [Fact]
    public void A_later_expiry_after_a_purchase_and_another_lapse_raises_subscription_expired_again()
    {
        var account = Trial();
        account.RunClockUntil("2025-01-20");
        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));
        var secondExpiry = At.Utc(2025, 2, 20);
        Assert.Equal(secondExpiry, account.ExpiresAt);

        var raised = account.RunClockUntil("2025-03-01");

        Assert.Equal(
            [NotificationKind.ExpiringSoon, NotificationKind.ExpiringSoon, NotificationKind.SubscriptionExpired],
            raised.Select(n => n.Kind));
        var expired = raised[^1];
        Assert.Equal(secondExpiry, expired.Data.ExpiresAt);
        Assert.Equal(secondExpiry, expired.At);
        Assert.Equal(secondExpiry, account.State.ExpiryNotifiedFor);
    }

    // AccountState documents ExpiryNotifiedFor as "raised once per expiry", but it remembers only the last expiry
    // notified. Refunding a paid period that has already lapsed puts the account back on its trial expiry, which was
    // notified before, and the account (expired all along) raises subscription-expired for it a second time.
    [Fact]
    public void Refunding_a_lapsed_paid_period_does_not_raise_subscription_expired_again_for_the_trial_expiry()
    {
        var account = Trial();
        account.RunClockUntil("2025-01-20");
        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));
        var raised = account.RunClockUntil("2025-03-01");
        Assert.Equal(At.Utc(2025, 2, 20), raised[^1].Data.ExpiresAt);

        account.Accept(Cmd.Refund("tx-1"));
        Assert.Equal(TrialEnd, account.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Expired, account.Status);

        Assert.Empty(account.Due().Events);
    }

    [Fact]
    public void A_whole_trial_run_raises_seven_day_one_day_and_expired_in_that_order_with_ids_n1_to_n3()
    {
        var raised = Trial().RunClockUntil("2025-03-01");

        // What the clock raises names its number, kind and due instant, so a re-fire after a crash repeats the same id.
        Assert.Equal(["n1-expiring-soon-20250108T000000000Z", "n2-expiring-soon-20250114T000000000Z", "n3-subscription-expired-20250115T000000000Z"],
            raised.Select(n => n.Id));
        Assert.Equal([At.Utc(2025, 1, 8), At.Utc(2025, 1, 14), TrialEnd], raised.Select(n => n.At));
        Assert.Equal(
            [NotificationKind.ExpiringSoon, NotificationKind.ExpiringSoon, NotificationKind.SubscriptionExpired],
            raised.Select(n => n.Kind));
    }

    [Fact]
    public void The_timeline_numbers_notifications_even_with_no_device_registered_but_keeps_none_in_the_outbox()
    {
        var account = Trial().MoveTo("2025-01-08");

        var raised = Assert.IsType<AccountEvents.NotificationRaised>(Assert.Single(account.Due().Events));

        Assert.Empty(raised.Recipients);
        Assert.Equal(0, raised.DropOldest);
        Assert.Empty(account.State.Outbox);
        Assert.Equal(1, account.State.NotificationSequence);
    }

    [Fact]
    public void Timeline_notifications_are_addressed_to_every_registered_device_and_kept_in_the_outbox()
    {
        var account = Trial();
        account.Accept(Cmd.AddDevice("tablet", Platform.Android));
        account.Accept(Cmd.AddDevice("phone", Platform.Ios));

        var raised = Assert.IsType<AccountEvents.NotificationRaised>(Assert.Single(account.MoveTo("2025-01-08").Due().Events));

        Assert.Equal(["phone", "tablet"], raised.Recipients);
        var pending = Assert.Single(account.State.Outbox);
        Assert.Equal(raised.Notification, pending.Notification);
        Assert.True(pending.IsPendingFor("phone"));
        Assert.True(pending.IsPendingFor("tablet"));
    }

    // NextDueAt promises "the next instant after now at which something falls due". Here the expiry is restored
    // (a refund) to one whose 7-day lead has already passed without a reminder: at 2025-01-29 the 1-day reminder still
    // falls due on 2025-01-31, but NextDueAt only looks at the largest open lead (already in the past) and skips to the
    // expiry itself. The entity re-arms its timer from NextDueAt after a command without calling Due first.
    [Fact]
    public void Next_due_points_at_the_one_day_reminder_when_the_seven_day_lead_passed_unreminded()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, "tx-1").MoveTo("2025-01-18");
        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-2"));
        account.RunClockUntil("2025-01-29");
        account.Accept(Cmd.Refund("tx-2"));
        Assert.Equal(At.Utc(2025, 2, 1), account.ExpiresAt);

        Assert.Equal(At.Utc(2025, 1, 31), account.NextDueAt);
    }

    [Fact]
    public void After_catching_up_a_missed_seven_day_lead_the_next_due_instant_is_the_one_day_lead()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, "tx-1").MoveTo("2025-01-18");
        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-2"));
        account.RunClockUntil("2025-01-29");
        account.Accept(Cmd.Refund("tx-2"));

        var work = account.Due();

        var reminder = work.Events.SingleNotification(NotificationKind.ExpiringSoon);
        Assert.Equal(TimeSpan.FromDays(7), reminder.Data.Lead);
        Assert.Equal(At.Utc(2025, 1, 31), work.NextDueAt);
    }
}
