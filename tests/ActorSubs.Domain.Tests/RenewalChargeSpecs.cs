using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// R9, R14: with auto-renew on, the channel is charged at expiry; a declined charge is retried every
/// RenewalRetryInterval inside the billing grace with service kept, then the subscription expires. A charge
/// that succeeds continues the old period without a gap, once per transaction id.
/// </summary>
public sealed class RenewalChargeSpecs
{
    // Paid monthly on the web from 2025-01-01: expires 2025-02-01, billing grace (7 days) ends 2025-02-08.
    private static readonly DateTimeOffset Expiry = At.Utc(2025, 2, 1);
    private static readonly DateTimeOffset GraceEnd = At.Utc(2025, 2, 8);

    private static AccountFixture AutoRenewingWeb(Plan plan = Plan.Monthly, SubscriptionOptions? options = null)
    {
        var account = AccountFixture.PaidFrom("2025-01-01", plan, Channel.Web, "tx-first", options);
        account.Accept(Cmd.AutoRenew(true));
        return account;
    }

    [Fact]
    public void With_auto_renew_on_service_ends_at_the_end_of_the_billing_grace()
    {
        var account = AutoRenewingWeb();

        Assert.Equal(GraceEnd, AccountTimeline.ServiceEndsAt(account.State, account.Options));
        Assert.False(AccountTimeline.IsExpired(account.State, GraceEnd - TimeSpan.FromTicks(1), account.Options));
        Assert.True(AccountTimeline.IsExpired(account.State, GraceEnd, account.Options));
    }

    [Fact]
    public void With_auto_renew_off_service_ends_at_the_expiry()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);

        Assert.Equal(Expiry, AccountTimeline.ServiceEndsAt(account.State, account.Options));
        Assert.True(AccountTimeline.IsExpired(account.State, Expiry, account.Options));
    }

    [Fact]
    public void The_first_charge_falls_due_at_the_expiry_instant_for_the_plan_and_channel()
    {
        var account = AutoRenewingWeb();
        account.RunClockUntil(Expiry - TimeSpan.FromTicks(1));
        Assert.Equal(Expiry, account.NextDueAt);
        Assert.Null(account.Due().Charge);

        var work = account.MoveTo(Expiry).Due();

        Assert.Equal(new RenewalChargeDue(1, Plan.Monthly, Channel.Web), work.Charge);
        Assert.Empty(work.Events);
        // Until its result is recorded the account looks again soon: a charge lost to a crash is made again.
        Assert.Equal(Expiry + account.Options.ChargeResultRecheck, work.NextDueAt);
        Assert.Equal(SubscriptionStatus.Grace, account.Status);
    }

    [Fact]
    public void With_auto_renew_on_subscription_expired_comes_at_the_end_of_the_billing_grace_not_at_expiry()
    {
        var account = AutoRenewingWeb();
        account.RunClockUntil(Expiry);
        Assert.DoesNotContain(account.RunClockUntil(GraceEnd - TimeSpan.FromTicks(1)), n => n.Kind == NotificationKind.SubscriptionExpired);

        var expired = account.MoveTo(GraceEnd).Due().Events.SingleNotification(NotificationKind.SubscriptionExpired);

        Assert.Equal(Expiry, expired.Data.ExpiresAt);
        Assert.Equal(GraceEnd, expired.At);
        Assert.Equal(SubscriptionStatus.Expired, account.Status);
    }

    [Fact]
    public void Reminders_still_go_out_before_an_auto_renewing_expiry()
    {
        var account = AutoRenewingWeb();

        var raised = account.RunClockUntil(Expiry - TimeSpan.FromTicks(1));

        Assert.Equal([TimeSpan.FromDays(7), TimeSpan.FromDays(1)], raised.Select(n => n.Data.Lead!.Value));
        Assert.All(raised, n => Assert.Equal(Expiry, n.Data.ExpiresAt));
    }

    [Fact]
    public void After_a_declined_first_attempt_the_next_is_due_one_retry_interval_later()
    {
        var account = AutoRenewingWeb().MoveTo(Expiry);
        account.Due();

        var declined = account.AcceptSingle<AccountEvents.RenewalDeclined>(Cmd.RenewalDeclined(1, "insufficient funds"));

        Assert.Equal(1, declined.Attempt);
        Assert.Equal("insufficient funds", declined.Reason);
        Assert.Equal(Expiry + TimeSpan.FromDays(1), declined.NextAttemptAt);
        Assert.Equal(Expiry, account.State.RenewalAttemptsFor);
        Assert.Equal(1, account.State.RenewalAttempts);
        Assert.Equal(Expiry + TimeSpan.FromDays(1), account.NextDueAt);
        Assert.Null(account.MoveTo(Expiry + TimeSpan.FromHours(12)).Due().Charge);
        Assert.Equal(SubscriptionStatus.Grace, account.Status);

        var work = account.MoveTo(Expiry + TimeSpan.FromDays(1)).Due();

        Assert.Equal(new RenewalChargeDue(2, Plan.Monthly, Channel.Web), work.Charge);
        Assert.Empty(work.Events);
    }

    [Fact]
    public void Declined_attempts_are_retried_daily_and_stop_at_the_end_of_the_billing_grace()
    {
        var account = AutoRenewingWeb().MoveTo(Expiry);
        var attempts = new List<(DateTimeOffset At, int Attempt)>();

        while (account.Due().Charge is { } charge)
        {
            attempts.Add((account.Now, charge.Attempt));
            account.Accept(Cmd.RenewalDeclined(charge.Attempt));
            Assert.True(account.NextDueAt is not null);
            account.MoveTo(account.NextDueAt!.Value);
            Assert.True(attempts.Count < 20, "the attempts never stop");
        }

        Assert.Equal(Enumerable.Range(1, 7), attempts.Select(a => a.Attempt));
        Assert.Equal(Enumerable.Range(0, 7).Select(d => Expiry + TimeSpan.FromDays(d)), attempts.Select(a => a.At));
        Assert.Null(account.State.NextRenewalAttemptAt);
        Assert.Equal(GraceEnd, account.Now);
        Assert.Equal(SubscriptionStatus.Expired, account.Status);
        Assert.Equal(Expiry, account.State.ExpiryNotifiedFor);
    }

    [Fact]
    public void A_decline_whose_next_try_would_fall_past_the_grace_end_schedules_no_further_attempt()
    {
        var account = AutoRenewingWeb().MoveTo("2025-02-07T12:00:00");

        var declined = account.AcceptSingle<AccountEvents.RenewalDeclined>(Cmd.RenewalDeclined(7));

        Assert.Null(declined.NextAttemptAt);
        Assert.Null(account.Due().Charge);
        Assert.Equal(GraceEnd, account.NextDueAt);
    }

    [Fact]
    public void A_decline_whose_next_try_would_fall_exactly_on_the_grace_end_schedules_no_further_attempt()
    {
        var account = AutoRenewingWeb().MoveTo("2025-02-07");

        var declined = account.AcceptSingle<AccountEvents.RenewalDeclined>(Cmd.RenewalDeclined(7));

        // At the grace end service stops, so there is no point in charging then.
        Assert.Null(declined.NextAttemptAt);
    }

    [Fact]
    public void The_retry_interval_comes_from_the_options()
    {
        var account = AutoRenewingWeb(options: new SubscriptionOptions { RenewalRetryInterval = TimeSpan.FromDays(3) }).MoveTo(Expiry);
        var attempts = new List<DateTimeOffset>();

        while (account.Due().Charge is { } charge)
        {
            attempts.Add(account.Now);
            account.Accept(Cmd.RenewalDeclined(charge.Attempt));
            account.MoveTo(account.NextDueAt!.Value);
            Assert.True(attempts.Count < 20, "the attempts never stop");
        }

        Assert.Equal([Expiry, At.Utc(2025, 2, 4), At.Utc(2025, 2, 7)], attempts);
    }

    [Fact]
    public void A_successful_charge_extends_from_the_old_expiry_by_the_plan_period_without_a_gap()
    {
        var account = AutoRenewingWeb().MoveTo(Expiry);
        account.Due();
        account.Accept(Cmd.RenewalDeclined(1));
        account.MoveTo(Expiry + TimeSpan.FromDays(1)).Due();

        var charged = account.Advance(TimeSpan.FromMinutes(5))
            .AcceptSingle<AccountEvents.RenewalCharged>(Cmd.RenewalCharged("tx-renew-1", 2));

        Assert.Equal(Expiry, charged.PeriodStart);
        Assert.Equal(At.Utc(2025, 3, 1), charged.PeriodEnd);
        Assert.Equal(Plan.Monthly, charged.Plan);
        Assert.Equal(Channel.Web, charged.Channel);
        Assert.Equal(At.Utc(2025, 3, 1), account.ExpiresAt);
        Assert.True(account.State.AutoRenew);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
        Assert.True(account.State.Transactions.ContainsKey("tx-renew-1"));
    }

    [Theory]
    [InlineData(Plan.Annual, "2027-01-01")]
    [InlineData(Plan.Biennial, "2029-01-01")]
    public void A_successful_charge_adds_the_plan_period(Plan plan, string expected)
    {
        var account = AutoRenewingWeb(plan);
        var expiry = account.ExpiresAt;
        account.MoveTo(expiry);
        Assert.Equal(plan, account.Due().Charge?.Plan);

        account.Accept(Cmd.RenewalCharged("tx-renew-1", 1));

        Assert.Equal(At.Parse(expected), account.ExpiresAt);
    }

    [Fact]
    public void After_a_successful_charge_during_grace_no_expiry_notice_comes_at_the_old_grace_end()
    {
        var account = AutoRenewingWeb().MoveTo(Expiry);
        account.Due();
        account.Accept(Cmd.RenewalDeclined(1));
        account.MoveTo("2025-02-03").Accept(Cmd.RenewalCharged("tx-renew-1", 3));

        var raised = account.RunClockUntil("2025-02-20");

        Assert.Empty(raised);
        Assert.Equal(At.Utc(2025, 2, 22), account.NextDueAt);
    }

    [Fact]
    public void The_same_renewal_transaction_twice_extends_once()
    {
        var account = AutoRenewingWeb().MoveTo(Expiry);
        account.Due();
        account.Accept(Cmd.RenewalCharged("tx-renew-1", 1));
        Assert.Equal(At.Utc(2025, 3, 1), account.ExpiresAt);

        account.Advance(TimeSpan.FromSeconds(1)).AcceptAsNoOp(Cmd.RenewalCharged("tx-renew-1", 1));
        account.MoveTo("2025-03-01").AcceptAsNoOp(Cmd.RenewalCharged("tx-renew-1", 1));

        Assert.Equal(At.Utc(2025, 3, 1), account.ExpiresAt);
    }

    [Fact]
    public void A_successful_charge_resets_the_attempts_so_the_next_expiry_starts_at_attempt_one()
    {
        var account = AutoRenewingWeb().MoveTo(Expiry);
        account.Due();
        account.Accept(Cmd.RenewalDeclined(1));
        account.MoveTo(Expiry + TimeSpan.FromDays(1));
        Assert.Equal(2, account.Due().Charge?.Attempt);
        account.Accept(Cmd.RenewalCharged("tx-renew-1", 2));

        account.RunClockUntil(At.Utc(2025, 3, 1) - TimeSpan.FromTicks(1));
        Assert.Equal(At.Utc(2025, 3, 1), account.NextDueAt);
        var work = account.MoveTo("2025-03-01").Due();

        Assert.Equal(new RenewalChargeDue(1, Plan.Monthly, Channel.Web), work.Charge);
    }

    [Fact]
    public void A_renewal_charge_on_a_trial_is_rejected_auto_renew_not_supported()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        account.Reject(Cmd.RenewalCharged("tx-renew-1", 1), RejectionCodes.AutoRenewNotSupported);
    }

    [Fact]
    public void With_auto_renew_off_no_charge_is_ever_due()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.GooglePlay);

        var raised = account.RunClockUntil("2025-03-01");

        Assert.Null(account.Due().Charge);
        Assert.Equal(NotificationKind.SubscriptionExpired, raised[^1].Kind);
        Assert.Equal(Expiry, raised[^1].At);
    }

    [Fact]
    public void A_google_play_subscription_with_auto_renew_on_is_charged_on_google_play()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.GooglePlay);
        account.Accept(Cmd.AutoRenew(true));

        var work = account.MoveTo("2026-01-01").Due();

        Assert.Equal(new RenewalChargeDue(1, Plan.Annual, Channel.GooglePlay), work.Charge);
    }

    // R9: App Store auto-renew "is managed by Apple": Apple takes the renewal itself and the account hears of it
    // through App Store server notifications, so the account never charges the app-store channel.
    [Fact]
    public void An_app_store_subscription_is_never_charged_by_the_account_and_apple_renews_it_by_notification()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.AppStore);
        Assert.True(account.State.AutoRenew);

        var atExpiry = account.MoveTo(Expiry).Due();
        var inGrace = account.MoveTo(Expiry + TimeSpan.FromDays(3)).Due();

        Assert.Null(atExpiry.Charge);
        Assert.Null(inGrace.Charge);
        Assert.Equal(SubscriptionStatus.Grace, account.Status);
        account.Accept(StoreCmd.Paid("apple-n-1", Channel.AppStore, Expiry, "apple-tx-renew-1", Plan.Monthly, Expiry, At.Utc(2025, 3, 1)));
        Assert.Equal(At.Utc(2025, 3, 1), account.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }

    // R9: "on failure it retries inside a billing grace period, with service kept, then expires". An account whose
    // timer did not fire during the whole grace (node down, or the entity asleep) wakes after it: the expiry notice is
    // raised, and no charge may be made for a period whose service has already ended.
    [Fact]
    public void No_charge_falls_due_once_the_billing_grace_has_ended()
    {
        var account = AutoRenewingWeb();
        account.RunClockUntil("2025-01-31");

        var work = account.MoveTo(GraceEnd + TimeSpan.FromHours(1)).Due();

        Assert.Equal(NotificationKind.SubscriptionExpired, Assert.Single(work.Events.Notifications()).Kind);
        Assert.Null(work.Charge);
    }

    // The same rule, with the entity's catch-up loop (AccountEntity.HandleChargeCompleted calls CatchUp after each
    // charge result): an account asleep from January to mid-June must not be charged once for every month it missed.
    [Fact]
    public void Catching_up_after_months_asleep_does_not_charge_for_every_missed_period()
    {
        var account = AutoRenewingWeb();
        account.RunClockUntil("2025-01-31");
        account.MoveTo("2025-06-15");
        var charged = new List<string>();

        for (var round = 1; round <= 20 && account.Due().Charge is { } charge; round++)
        {
            var renewal = account.AcceptSingle<AccountEvents.RenewalCharged>(Cmd.RenewalCharged($"tx-renew-{round}", charge.Attempt));
            charged.Add($"{renewal.PeriodStart:yyyy-MM-dd}..{renewal.PeriodEnd:yyyy-MM-dd}");
        }

        Assert.True(charged.Count == 0, $"charged {charged.Count} lapsed periods on waking: {string.Join(", ", charged)}");
    }

    // Same rule, reached through a command: a web subscription lapsed in February with auto-renew off; switching
    // auto-renew on in May must not charge the customer for the long-gone February period (2025-02-01 → 2025-03-01),
    // which would leave the account expired anyway.
    [Fact]
    public void Switching_auto_renew_on_long_after_a_lapse_does_not_charge_for_the_lapsed_period()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);
        account.RunClockUntil("2025-02-02");
        Assert.Equal(Expiry, account.State.ExpiryNotifiedFor);

        account.MoveTo("2025-05-01").Accept(Cmd.AutoRenew(true));
        var work = account.Due();

        Assert.Null(work.Charge);
        Assert.True(AccountTimeline.IsExpired(account.State, account.Now, account.Options));
    }
}
