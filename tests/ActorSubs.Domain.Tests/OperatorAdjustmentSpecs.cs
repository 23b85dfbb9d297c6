using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>The operator's AdjustSubscription (support tool): sets expiry, tier and plan directly.</summary>
public sealed class OperatorAdjustmentSpecs
{
    [Fact]
    public void Adjusting_a_trial_to_paid_with_a_plan_sets_expiry_tier_and_plan()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-02");

        var adjusted = account.AcceptSingle<AccountEvents.SubscriptionAdjusted>(
            Cmd.Adjust(At.Utc(2025, 9, 30), Tier.Paid, Plan.Biennial));

        Assert.Equal(At.Utc(2025, 9, 30), adjusted.ExpiresAt);
        Assert.Equal(At.Utc(2025, 9, 30), account.ExpiresAt);
        Assert.Equal(Tier.Paid, account.State.Tier);
        Assert.Equal(Plan.Biennial, account.State.Plan);
        Assert.NotNull(account.State.Channel);
        Assert.Equal(At.Utc(2025, 9, 16), account.View.Subscription.RenewalOpensAt);
    }

    [Fact]
    public void Adjusting_only_the_expiry_of_a_paid_subscription_keeps_tier_plan_and_channel()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.GooglePlay);

        account.Accept(Cmd.Adjust(At.Utc(2025, 3, 1)));

        Assert.Equal(At.Utc(2025, 3, 1), account.ExpiresAt);
        Assert.Equal(Tier.Paid, account.State.Tier);
        Assert.Equal(Plan.Annual, account.State.Plan);
        Assert.Equal(Channel.GooglePlay, account.State.Channel);
    }

    [Fact]
    public void Adjusting_the_expiry_into_the_past_expires_the_subscription()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-05");

        account.Accept(Cmd.Adjust(At.Utc(2025, 1, 4)));

        Assert.Equal(SubscriptionStatus.Expired, account.Status);
        Assert.Equal(Tier.Trial, account.State.Tier);
    }

    [Fact]
    public void Adjusting_a_paid_subscription_to_free_drops_plan_channel_and_auto_renew()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);
        account.Accept(Cmd.AutoRenew(true));

        account.Accept(Cmd.Adjust(At.Utc(2025, 12, 31), Tier.Free));

        Assert.Equal(Tier.Free, account.State.Tier);
        Assert.Null(account.State.Plan);
        Assert.Null(account.State.Channel);
        Assert.False(account.State.AutoRenew);
        Assert.Null(account.View.Subscription.RenewalOpensAt);
    }

    [Fact]
    public void Adjusting_to_paid_without_any_plan_is_rejected_validation_naming_plan()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        var rejection = account.Reject(Cmd.Adjust(At.Utc(2025, 6, 1), Tier.Paid), RejectionCodes.Validation);

        Assert.Equal(RejectionKind.Invalid, rejection.Kind);
        Assert.Equal("plan", rejection.Field("field"));
        Assert.Contains("'plan'", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(Tier.Trial, account.State.Tier);
        Assert.Equal(At.Utc(2025, 1, 15), account.ExpiresAt);
    }
}
