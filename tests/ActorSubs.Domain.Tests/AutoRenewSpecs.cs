using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// R9: google-play and web subscriptions switch auto-renew themselves; App Store ones are managed by Apple;
/// trial and free have no auto-renew. With auto-renew on, service is kept during the billing grace.
/// </summary>
public sealed class AutoRenewSpecs
{
    [Theory]
    [InlineData(Channel.GooglePlay)]
    [InlineData(Channel.Web)]
    public void Auto_renew_can_be_switched_on_and_off_on_google_play_and_web(Channel channel)
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, channel).MoveTo("2025-01-03");

        var on = account.AcceptSingle<AccountEvents.AutoRenewChanged>(Cmd.AutoRenew(true));
        Assert.True(on.Enabled);
        Assert.True(account.View.Subscription.AutoRenew);

        var off = account.Advance(TimeSpan.FromDays(1)).AcceptSingle<AccountEvents.AutoRenewChanged>(Cmd.AutoRenew(false));
        Assert.False(off.Enabled);
        Assert.False(account.View.Subscription.AutoRenew);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Auto_renew_on_an_app_store_subscription_is_rejected_naming_the_app_store_settings(bool enabled)
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.AppStore);
        var before = account.State.AutoRenew;

        var rejection = account.Reject(Cmd.AutoRenew(enabled), RejectionCodes.AutoRenewManagedByAppStore);

        Assert.Contains("App Store settings", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(before, account.State.AutoRenew);
    }

    [Fact]
    public void Auto_renew_on_a_trial_is_rejected_auto_renew_not_supported()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        account.Reject(Cmd.AutoRenew(true), RejectionCodes.AutoRenewNotSupported);

        Assert.False(account.View.Subscription.AutoRenewSupported);
    }

    [Fact]
    public void Auto_renew_on_a_free_subscription_is_rejected_auto_renew_not_supported()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.Adjust(At.Utc(2026, 1, 1), Tier.Free));

        account.Reject(Cmd.AutoRenew(true), RejectionCodes.AutoRenewNotSupported);
    }

    [Fact]
    public void Setting_auto_renew_to_the_value_it_already_has_is_a_no_op()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);
        Assert.False(account.State.AutoRenew);

        account.AcceptAsNoOp(Cmd.AutoRenew(false));
        account.Accept(Cmd.AutoRenew(true));
        account.AcceptAsNoOp(Cmd.AutoRenew(true));
    }

    [Fact]
    public void Renewing_on_the_same_channel_keeps_the_auto_renew_choice()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.GooglePlay);
        account.Accept(Cmd.AutoRenew(true));

        account.MoveTo("2025-01-25").Accept(Cmd.Buy(Plan.Monthly, Channel.GooglePlay, "tx-2"));

        Assert.True(account.State.AutoRenew);
    }

    [Fact]
    public void With_auto_renew_on_the_status_is_grace_during_the_billing_grace_after_expiry()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.GooglePlay);
        account.Accept(Cmd.AutoRenew(true));

        account.MoveTo("2025-02-04");
        Assert.Equal(SubscriptionStatus.Grace, account.Status);
        Assert.Equal(SubscriptionStatus.Grace, account.View.Subscription.Status);

        account.MoveTo(At.Utc(2025, 2, 8) - TimeSpan.FromTicks(1));
        Assert.Equal(SubscriptionStatus.Grace, account.Status);
    }

    [Fact]
    public void With_auto_renew_on_the_status_is_expired_once_the_billing_grace_has_passed()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);
        account.Accept(Cmd.AutoRenew(true));

        account.MoveTo("2025-02-08");
        Assert.Equal(SubscriptionStatus.Expired, account.Status);

        account.MoveTo("2025-03-01");
        Assert.Equal(SubscriptionStatus.Expired, account.Status);
    }

    [Fact]
    public void The_billing_grace_length_comes_from_the_options()
    {
        var options = new SubscriptionOptions { BillingGrace = TimeSpan.FromDays(2) };
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, options: options);
        account.Accept(Cmd.AutoRenew(true));

        Assert.Equal(SubscriptionStatus.Grace, account.MoveTo("2025-02-02T23:59:59").Status);
        Assert.Equal(SubscriptionStatus.Expired, account.MoveTo("2025-02-03").Status);
    }

    [Fact]
    public void With_auto_renew_off_the_status_is_expired_right_after_expiry()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.GooglePlay);

        account.MoveTo("2025-02-01T00:00:01");

        Assert.Equal(SubscriptionStatus.Expired, account.Status);
    }

    [Fact]
    public void An_app_store_subscription_renewing_through_apple_is_in_grace_after_expiry()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.AppStore);

        account.MoveTo("2025-02-03");

        Assert.Equal(SubscriptionStatus.Grace, account.Status);
    }

    [Fact]
    public void A_trial_is_expired_right_after_its_end_with_no_grace()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        account.MoveTo("2025-01-15");

        Assert.Equal(SubscriptionStatus.Expired, account.Status);
    }
}
