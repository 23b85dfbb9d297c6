using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>R9, R10, R13: the status at an instant: active, expiring (within the longest reminder lead), grace, expired.</summary>
public sealed class StatusSpecs
{
    [Fact]
    public void A_subscription_is_active_before_the_longest_reminder_lead()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);

        account.MoveTo(At.Utc(2025, 1, 25) - TimeSpan.FromTicks(1));

        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }

    [Fact]
    public void A_subscription_is_expiring_from_seven_days_before_expiry()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);

        Assert.Equal(SubscriptionStatus.Expiring, account.MoveTo("2025-01-25").Status);
        Assert.Equal(SubscriptionStatus.Expiring, account.MoveTo("2025-01-31T23:59:59").Status);
        Assert.Equal(SubscriptionStatus.Expiring, account.View.Subscription.Status);
    }

    [Fact]
    public void A_trial_reads_expiring_in_its_last_seven_days()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        Assert.Equal(SubscriptionStatus.Active, account.MoveTo("2025-01-07T23:59:59").Status);
        Assert.Equal(SubscriptionStatus.Expiring, account.MoveTo("2025-01-08").Status);
        Assert.Equal(SubscriptionStatus.Expired, account.MoveTo("2025-01-15").Status);
    }

    [Fact]
    public void The_expiring_threshold_follows_the_longest_configured_reminder_lead()
    {
        var options = new SubscriptionOptions { ReminderLeads = [TimeSpan.FromDays(1), TimeSpan.FromDays(3)] };
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, options: options);

        Assert.Equal(SubscriptionStatus.Active, account.MoveTo("2025-01-28T23:00:00").Status);
        Assert.Equal(SubscriptionStatus.Expiring, account.MoveTo("2025-01-29").Status);
    }

    [Fact]
    public void Renewing_inside_the_window_turns_an_expiring_subscription_active_again()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web).MoveTo("2025-01-28");
        Assert.Equal(SubscriptionStatus.Expiring, account.Status);

        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-2"));

        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }

    [Fact]
    public void The_view_of_a_paid_subscription_reports_plan_channel_renewal_date_and_auto_renew_support()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.GooglePlay).MoveTo("2025-02-01");

        var subscription = account.View.Subscription;

        Assert.Equal(Tier.Paid, subscription.Tier);
        Assert.Equal(Plan.Annual, subscription.Plan);
        Assert.Equal(Channel.GooglePlay, subscription.Channel);
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.Equal(At.Utc(2026, 1, 1), subscription.ExpiresAt);
        Assert.Equal(At.Utc(2025, 12, 18), subscription.RenewalOpensAt);
        Assert.True(subscription.AutoRenewSupported);
    }
}
