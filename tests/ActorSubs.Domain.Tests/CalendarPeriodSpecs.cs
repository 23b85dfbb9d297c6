using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>R2/R3/R4: paid periods are calendar months and years, including around 29 February.</summary>
public sealed class CalendarPeriodSpecs
{
    [Theory]
    [InlineData(Plan.Annual, "2024-02-29", "2025-02-28")]
    [InlineData(Plan.Biennial, "2024-02-29", "2026-02-28")]
    [InlineData(Plan.Annual, "2023-03-01", "2024-03-01")]
    [InlineData(Plan.Monthly, "2024-01-31", "2024-02-29")]
    [InlineData(Plan.Monthly, "2025-01-31", "2025-02-28")]
    [InlineData(Plan.Biennial, "2026-02-28", "2028-02-28")]
    [InlineData(Plan.Annual, "2024-02-28", "2025-02-28")]
    public void A_period_bought_after_the_trial_lapsed_ends_on_the_calendar_date(Plan plan, string boughtOn, string expectedEnd)
    {
        var account = AccountFixture.SignedUpAt(At.Parse(boughtOn) - TimeSpan.FromDays(60)).MoveTo(boughtOn);

        var purchased = account.AcceptSingle<AccountEvents.Purchased>(Cmd.Buy(plan, Channel.Web, "tx-1"));

        Assert.Equal(At.Parse(boughtOn), purchased.PeriodStart);
        Assert.Equal(At.Parse(expectedEnd), purchased.PeriodEnd);
        Assert.Equal(At.Parse(expectedEnd), account.ExpiresAt);
    }

    [Fact]
    public void A_biennial_renewal_starting_at_an_expiry_on_28_February_2026_ends_28_February_2028()
    {
        // Annual bought on 2025-02-28 expires 2026-02-28; the renewal is bought inside the window.
        var account = AccountFixture.PaidFrom("2025-02-28", Plan.Annual, Channel.Web).MoveTo("2026-02-20");

        var purchased = account.AcceptSingle<AccountEvents.Purchased>(Cmd.Buy(Plan.Biennial, Channel.Web, "tx-renewal"));

        Assert.Equal(At.Utc(2026, 2, 28), purchased.PeriodStart);
        Assert.Equal(At.Utc(2028, 2, 28), account.ExpiresAt);
    }

    [Fact]
    public void A_trial_ending_on_29_February_topped_up_with_an_annual_plan_ends_28_February()
    {
        // Signed up 2024-02-15: the 14-day trial ends on the leap day.
        var account = AccountFixture.SignedUpAt("2024-02-15").MoveTo("2024-02-20");

        account.Accept(Cmd.Buy(Plan.Annual, Channel.Web, "tx-1"));

        Assert.Equal(At.Utc(2025, 2, 28), account.ExpiresAt);
    }

    [Fact]
    public void A_monthly_renewal_chained_from_31_January_follows_the_calendar_not_a_fixed_day_count()
    {
        var account = AccountFixture.PaidFrom("2024-01-31", Plan.Monthly, Channel.Web).MoveTo("2024-02-20");

        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-2"));

        Assert.Equal(At.Utc(2024, 3, 29), account.ExpiresAt);
    }
}
