using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>R4: a trial or free subscriber who buys a paid plan keeps the remaining free period.</summary>
public sealed class UpgradeFromTrialSpecs
{
    [Theory]
    [InlineData(Plan.Monthly, "2025-02-15")]
    [InlineData(Plan.Annual, "2026-01-15")]
    [InlineData(Plan.Biennial, "2027-01-15")]
    public void Trial_buying_a_paid_plan_adds_the_period_on_top_of_the_trial_expiry(Plan plan, string expectedExpiry)
    {
        // Trial from 2025-01-01 to 2025-01-15; bought with 10 days left.
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-05");

        var purchased = account.AcceptSingle<AccountEvents.Purchased>(Cmd.Buy(plan, Channel.Web, "tx-1"));

        Assert.Equal(At.Utc(2025, 1, 15), purchased.PeriodStart);
        Assert.Equal(At.Parse(expectedExpiry), account.ExpiresAt);
        Assert.Equal(Tier.Paid, account.State.Tier);
        Assert.Equal(plan, account.State.Plan);
        Assert.Equal(Channel.Web, account.State.Channel);
    }

    [Theory]
    [InlineData(Plan.Monthly, "2025-07-01")]
    [InlineData(Plan.Annual, "2026-06-01")]
    [InlineData(Plan.Biennial, "2027-06-01")]
    public void Free_buying_a_paid_plan_adds_the_period_on_top_of_the_free_expiry(Plan plan, string expectedExpiry)
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.Adjust(At.Utc(2025, 6, 1), Tier.Free));
        account.MoveTo("2025-03-01");

        var purchased = account.AcceptSingle<AccountEvents.Purchased>(Cmd.Buy(plan, Channel.GooglePlay, "tx-1"));

        Assert.Equal(At.Utc(2025, 6, 1), purchased.PeriodStart);
        Assert.Equal(At.Parse(expectedExpiry), account.ExpiresAt);
        Assert.Equal(Tier.Paid, account.State.Tier);
    }

    [Fact]
    public void Trial_buying_on_its_first_day_is_not_blocked_by_the_renewal_window()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01", new SubscriptionOptions { TrialLength = TimeSpan.FromDays(60) });

        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));

        Assert.Equal(At.Utc(2025, 4, 2), account.ExpiresAt);
    }

    [Fact]
    public void An_expired_trial_buying_a_paid_plan_starts_from_now()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-02-10T08:00:00");

        var purchased = account.AcceptSingle<AccountEvents.Purchased>(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));

        Assert.Equal(At.Utc(2025, 2, 10, 8), purchased.PeriodStart);
        Assert.Equal(At.Utc(2025, 3, 10, 8), account.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }

    [Fact]
    public void A_purchase_through_the_app_store_starts_with_auto_renew_on_and_other_channels_with_it_off()
    {
        var viaApple = AccountFixture.SignedUpAt("2025-01-01");
        var viaWeb = AccountFixture.SignedUpAt("2025-01-01");

        viaApple.Accept(Cmd.Buy(Plan.Monthly, Channel.AppStore, "tx-1"));
        viaWeb.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));

        Assert.True(viaApple.State.AutoRenew);
        Assert.False(viaWeb.State.AutoRenew);
    }
}
