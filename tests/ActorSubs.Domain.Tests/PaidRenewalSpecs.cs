using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// R3: a paid subscription can be bought again only inside the renewal window (14 days before expiry) or
/// after expiry. Inside the window the new period starts at the old expiry; after expiry it starts now.
/// </summary>
public sealed class PaidRenewalSpecs
{
    // Paid monthly from 2025-01-01: expires 2025-02-01, renewal opens 2025-01-18.
    private static AccountFixture MonthlyWebPaidFromNewYear(SubscriptionOptions? options = null) =>
        AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, "tx-first", options);

    [Fact]
    public void A_paid_subscription_shows_when_its_renewal_window_opens()
    {
        var account = MonthlyWebPaidFromNewYear();

        Assert.Equal(At.Utc(2025, 1, 18), account.View.Subscription.RenewalOpensAt);
    }

    [Fact]
    public void Purchase_before_the_renewal_window_is_rejected_naming_the_open_date()
    {
        var account = MonthlyWebPaidFromNewYear().MoveTo("2025-01-10");

        var rejection = account.Reject(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-second"), RejectionCodes.RenewalNotOpen);

        Assert.Equal(RejectionKind.Conflict, rejection.Kind);
        Assert.Equal(At.Utc(2025, 1, 18), rejection.Field("renewalOpensAt"));
        Assert.Contains("2025-01-18", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(At.Utc(2025, 2, 1), account.ExpiresAt);
    }

    [Fact]
    public void Purchase_one_tick_before_the_window_opens_is_still_rejected()
    {
        var account = MonthlyWebPaidFromNewYear().MoveTo(At.Utc(2025, 1, 18) - TimeSpan.FromTicks(1));

        account.Reject(Cmd.Buy(Plan.Annual, Channel.GooglePlay, "tx-second"), RejectionCodes.RenewalNotOpen);
    }

    [Fact]
    public void Purchase_exactly_when_the_window_opens_is_accepted_and_starts_at_the_old_expiry()
    {
        var account = MonthlyWebPaidFromNewYear().MoveTo("2025-01-18");

        var purchased = account.AcceptSingle<AccountEvents.Purchased>(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-second"));

        Assert.Equal(At.Utc(2025, 2, 1), purchased.PeriodStart);
        Assert.Equal(At.Utc(2025, 3, 1), purchased.PeriodEnd);
        Assert.Equal(At.Utc(2025, 3, 1), account.ExpiresAt);
    }

    [Theory]
    [InlineData(Plan.Monthly, "2025-03-01")]
    [InlineData(Plan.Annual, "2026-02-01")]
    [InlineData(Plan.Biennial, "2027-02-01")]
    public void Purchase_inside_the_window_adds_the_new_period_on_top_of_the_old_expiry(Plan plan, string expectedExpiry)
    {
        var account = MonthlyWebPaidFromNewYear().MoveTo("2025-01-25");

        var purchased = account.AcceptSingle<AccountEvents.Purchased>(Cmd.Buy(plan, Channel.Web, "tx-second"));

        Assert.Equal(At.Utc(2025, 2, 1), purchased.PeriodStart);
        Assert.Equal(At.Parse(expectedExpiry), account.ExpiresAt);
        Assert.Equal(plan, account.State.Plan);
    }

    [Fact]
    public void Purchase_at_the_expiry_instant_starts_now()
    {
        var account = MonthlyWebPaidFromNewYear().MoveTo("2025-02-01");

        var purchased = account.AcceptSingle<AccountEvents.Purchased>(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-second"));

        Assert.Equal(account.Now, purchased.PeriodStart);
        Assert.Equal(At.Utc(2025, 3, 1), account.ExpiresAt);
    }

    [Fact]
    public void Purchase_after_expiry_starts_now_not_at_the_old_expiry()
    {
        var account = MonthlyWebPaidFromNewYear().MoveTo("2025-04-10T15:00:00");

        var purchased = account.AcceptSingle<AccountEvents.Purchased>(Cmd.Buy(Plan.Annual, Channel.GooglePlay, "tx-second"));

        Assert.Equal(At.Utc(2025, 4, 10, 15), purchased.PeriodStart);
        Assert.Equal(At.Utc(2026, 4, 10, 15), account.ExpiresAt);
        Assert.Equal(Channel.GooglePlay, account.State.Channel);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }

    [Fact]
    public void The_renewal_window_length_comes_from_the_options()
    {
        var options = new SubscriptionOptions { RenewalWindow = TimeSpan.FromDays(3) };
        var account = MonthlyWebPaidFromNewYear(options).MoveTo("2025-01-25");

        var rejection = account.Reject(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-second"), RejectionCodes.RenewalNotOpen);

        Assert.Contains("2025-01-29", rejection.Detail, StringComparison.Ordinal);
        account.MoveTo("2025-01-29").Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-second"));
        Assert.Equal(At.Utc(2025, 3, 1), account.ExpiresAt);
    }

    [Fact]
    public void At_the_expiry_instant_a_paid_subscription_without_auto_renew_is_expired()
    {
        var account = MonthlyWebPaidFromNewYear().MoveTo("2025-02-01");

        Assert.False(account.State.AutoRenew);
        Assert.Equal(SubscriptionStatus.Expired, account.Status);
    }

    [Fact]
    public void At_the_expiry_instant_a_paid_subscription_with_auto_renew_is_in_grace()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.GooglePlay);
        account.Accept(Cmd.AutoRenew(true));

        account.MoveTo("2025-02-01");

        Assert.Equal(SubscriptionStatus.Grace, account.Status);
    }

    [Fact]
    public void At_the_expiry_instant_auto_renew_without_a_billing_grace_is_expired()
    {
        var options = new SubscriptionOptions { BillingGrace = TimeSpan.Zero };
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.GooglePlay, options: options);
        account.Accept(Cmd.AutoRenew(true));

        account.MoveTo("2025-02-01");

        Assert.Equal(SubscriptionStatus.Expired, account.Status);
    }
}
