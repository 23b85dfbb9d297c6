using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>R12: App Store refunds go to Apple; web refunds revoke the refunded period.</summary>
public sealed class RefundSpecs
{
    [Fact]
    public void Refunding_an_app_store_purchase_is_rejected_sending_the_user_to_apple()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.AppStore, "apple-tx").MoveTo("2025-01-02");

        var rejection = account.Reject(Cmd.Refund("apple-tx"), RejectionCodes.RefundViaApple);

        Assert.Contains("Apple", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(At.Utc(2026, 1, 1), account.ExpiresAt);
        Assert.Equal(Tier.Paid, account.State.Tier);
    }

    [Fact]
    public void Refunding_the_only_web_purchase_revokes_its_period()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web, "web-tx").MoveTo("2025-01-10");

        var refunded = account.AcceptSingle<AccountEvents.Refunded>(Cmd.Refund("web-tx"));

        // The fixture's trial ended 30 days before the purchase (2024-12-02): with nothing paid left the
        // account returns to that trial expiry, as if the purchase had never happened.
        Assert.Equal(At.Utc(2024, 12, 2), refunded.ExpiresAt);
        Assert.Equal(At.Utc(2024, 12, 2), account.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Expired, account.Status);
        Assert.NotEqual(Tier.Paid, account.State.Tier);
    }

    [Fact]
    public void Refunding_a_renewal_moves_the_expiry_back_by_that_period()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web, "tx-2025");
        account.MoveTo("2025-12-25").Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-renewal"));
        Assert.Equal(At.Utc(2026, 2, 1), account.ExpiresAt);

        account.MoveTo("2025-12-28").Accept(Cmd.Refund("tx-renewal"));

        Assert.Equal(At.Utc(2026, 1, 1), account.ExpiresAt);
        Assert.Equal(Tier.Paid, account.State.Tier);
        Assert.Equal(Plan.Annual, account.State.Plan);
    }

    [Fact]
    public void Refunding_the_first_of_two_chained_periods_moves_the_expiry_back_by_its_length()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, "tx-jan");
        account.MoveTo("2025-01-20").Accept(Cmd.Buy(Plan.Annual, Channel.Web, "tx-annual"));
        Assert.Equal(At.Utc(2026, 2, 1), account.ExpiresAt);

        account.MoveTo("2025-01-21").Accept(Cmd.Refund("tx-jan"));

        Assert.Equal(At.Utc(2026, 1, 1), account.ExpiresAt);
        Assert.Equal(Tier.Paid, account.State.Tier);
        Assert.Equal(Plan.Annual, account.State.Plan);
    }

    [Fact]
    public void A_trial_user_who_bought_and_refunded_returns_to_the_trial_with_its_original_expiry()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-05");
        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));
        Assert.Equal(At.Utc(2025, 2, 15), account.ExpiresAt);

        account.MoveTo("2025-01-06").Accept(Cmd.Refund("tx-1"));

        Assert.Equal(Tier.Trial, account.State.Tier);
        Assert.Equal(At.Utc(2025, 1, 15), account.ExpiresAt);
        Assert.Null(account.State.Plan);
        Assert.Null(account.State.Channel);
        Assert.False(account.State.AutoRenew);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }

    [Fact]
    public void A_free_user_who_bought_and_refunded_returns_to_free()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.Adjust(At.Utc(2025, 6, 1), Tier.Free));
        account.MoveTo("2025-02-01").Accept(Cmd.Buy(Plan.Annual, Channel.GooglePlay, "tx-1"));

        account.Accept(Cmd.Refund("tx-1"));

        Assert.Equal(Tier.Free, account.State.Tier);
        Assert.Equal(At.Utc(2025, 6, 1), account.ExpiresAt);
    }

    [Fact]
    public void Refunding_the_same_transaction_twice_is_a_no_op()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web);
        account.MoveTo("2025-12-20").Accept(Cmd.Buy(Plan.Annual, Channel.Web, "tx-2"));
        account.Accept(Cmd.Refund("tx-2"));
        var expiry = account.ExpiresAt;

        account.Advance(TimeSpan.FromDays(1)).AcceptAsNoOp(Cmd.Refund("tx-2"));

        Assert.Equal(expiry, account.ExpiresAt);
    }

    [Fact]
    public void Refunding_an_unknown_transaction_is_rejected_transaction_not_found()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web);

        var rejection = account.Reject(Cmd.Refund("never-seen"), RejectionCodes.TransactionNotFound);

        Assert.Equal(RejectionKind.NotFound, rejection.Kind);
    }

    [Fact]
    public void Refunding_a_licence_pack_lowers_the_host_limit_and_keeps_the_subscription()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web);
        account.Accept(Cmd.LicencePack("pack-1"));
        Assert.Equal(10, account.HostLimit);

        account.MoveTo("2025-02-01").Accept(Cmd.Refund("pack-1"));

        Assert.Equal(5, account.HostLimit);
        Assert.Equal(0, account.View.LicencePacks);
        Assert.Equal(At.Utc(2026, 1, 1), account.ExpiresAt);
        Assert.Equal(Tier.Paid, account.State.Tier);
        Assert.Equal(Plan.Annual, account.State.Plan);
    }

    [Fact]
    public void After_a_licence_pack_refund_a_host_over_the_lowered_limit_is_rejected()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.LicencePack("pack-1"));
        for (var i = 1; i <= 6; i++)
            account.Accept(Cmd.AddHost($"host-{i}"));

        account.Accept(Cmd.Refund("pack-1"));

        var rejection = account.Reject(Cmd.AddHost("host-7"), RejectionCodes.HostLimitReached);
        Assert.Equal(5L, rejection.Field("limit"));
    }

    // Spec R12: "refunds of web purchases revoke that period". A period that already ran out before a later,
    // separate purchase (bought after a lapse, so it started "now" and not at the old expiry) does not carry the
    // later period: revoking it must not shorten the period the customer is in now.
    [Fact]
    public void Refunding_an_elapsed_period_does_not_shorten_a_later_period_bought_after_a_lapse()
    {
        var account = AccountFixture.PaidFrom("2025-02-01", Plan.Monthly, Channel.Web, "tx-february");
        account.MoveTo("2025-06-01").Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-june"));
        Assert.Equal(At.Utc(2025, 7, 1), account.ExpiresAt);

        account.MoveTo("2025-06-02").Accept(Cmd.Refund("tx-february"));

        Assert.Equal(At.Utc(2025, 7, 1), account.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }

    // Same root cause as above: the refund assumes the refunded period started at the previous expiry. When the
    // trial had already lapsed, the purchase started "now", so subtracting its length does not give back the
    // trial's own end.
    [Fact]
    public void A_lapsed_trial_user_who_bought_and_refunded_returns_to_the_original_trial_expiry()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-02-01");
        account.Accept(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));

        account.MoveTo("2025-02-02").Accept(Cmd.Refund("tx-1"));

        Assert.Equal(Tier.Trial, account.State.Tier);
        Assert.Equal(At.Utc(2025, 1, 15), account.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Expired, account.Status);
    }
}
