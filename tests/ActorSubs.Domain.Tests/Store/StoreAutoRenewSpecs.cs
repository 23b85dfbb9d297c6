using ActorSubs.Domain.Tests.Support;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain.Tests.Store;

/// <summary>Store notifications, R9: auto-renew switched at the store; the newest fact by the store's instant wins.</summary>
public sealed class StoreAutoRenewSpecs
{
    private static readonly DateTimeOffset Bought = At.Utc(2025, 1, 20);

    private static AccountFixture PaidAtTheStore(Channel channel)
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo(Bought);
        account.Accept(StoreCmd.Paid("n-buy", channel, "tx-1", Plan.Monthly, Bought));
        return account;
    }

    [Fact]
    public void An_app_store_subscription_changes_auto_renew_through_apple_and_still_not_through_the_api()
    {
        var account = PaidAtTheStore(Channel.AppStore);
        Assert.True(account.State.AutoRenew);

        account.MoveTo("2025-01-25").Accept(StoreCmd.AutoRenew("n-off", Channel.AppStore, At.Utc(2025, 1, 25), enabled: false));

        Assert.False(account.State.AutoRenew);
        Assert.False(account.View.Subscription.AutoRenew);
        account.Reject(Cmd.AutoRenew(true), RejectionCodes.AutoRenewManagedByAppStore);
        // Off: service ends at the expiry, with no grace.
        Assert.Equal(SubscriptionStatus.Expired, account.MoveTo(At.Utc(2025, 2, 20, 0, 1)).Status);
    }

    [Theory]
    [InlineData(Channel.GooglePlay)]
    [InlineData(Channel.Web)]
    public void A_google_play_or_web_subscription_follows_the_store_switch(Channel channel)
    {
        var account = PaidAtTheStore(channel);
        Assert.False(account.State.AutoRenew);

        account.MoveTo("2025-01-25").Accept(StoreCmd.AutoRenew("n-on", channel, At.Utc(2025, 1, 25), enabled: true));

        Assert.True(account.State.AutoRenew);
        Assert.Equal(SubscriptionStatus.Grace, account.MoveTo(At.Utc(2025, 2, 21)).Status);
    }

    [Fact]
    public void An_older_auto_renew_fact_arriving_after_a_newer_one_is_seen_and_changes_nothing()
    {
        var account = PaidAtTheStore(Channel.AppStore).MoveTo("2025-01-28");
        account.Accept(StoreCmd.AutoRenew("n-off", Channel.AppStore, At.Utc(2025, 1, 27), enabled: false));

        var older = account.Accept(StoreCmd.AutoRenew("n-on", Channel.AppStore, At.Utc(2025, 1, 26), enabled: true));

        Assert.IsType<StoreNotificationSeen>(Assert.Single(older));
        Assert.False(account.State.AutoRenew);
        Assert.Contains("n-on", account.State.Store.RecentNotificationIds);
        account.AcceptAsNoOp(StoreCmd.AutoRenew("n-on", Channel.AppStore, At.Utc(2025, 1, 26), enabled: true));
    }

    [Fact]
    public void An_auto_renew_fact_that_arrives_before_the_purchase_applies_once_the_purchase_arrives()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-25");

        account.Accept(StoreCmd.AutoRenew("n-on", Channel.Web, At.Utc(2025, 1, 21), enabled: true));
        Assert.False(account.State.AutoRenew);
        account.Accept(StoreCmd.Paid("n-buy", Channel.Web, "cb-1", Plan.Monthly, Bought));

        Assert.True(account.State.AutoRenew);
    }

    [Fact]
    public void An_app_store_subscription_with_auto_renew_on_is_never_charged_by_the_account()
    {
        var account = PaidAtTheStore(Channel.AppStore);

        var atExpiry = account.MoveTo(At.Utc(2025, 2, 20)).Due();
        var duringGrace = account.MoveTo(At.Utc(2025, 2, 22)).Due();

        Assert.Null(atExpiry.Charge);
        Assert.Null(duringGrace.Charge);
        Assert.Equal(SubscriptionStatus.Grace, account.Status);
    }

    [Fact]
    public void A_web_subscription_switched_on_at_the_store_is_charged_by_the_account_at_expiry()
    {
        var account = PaidAtTheStore(Channel.Web);
        account.Accept(StoreCmd.AutoRenew("n-on", Channel.Web, Bought, enabled: true));

        var work = account.MoveTo(At.Utc(2025, 2, 20)).Due();

        Assert.Equal(new RenewalChargeDue(1, Plan.Monthly, Channel.Web), work.Charge);
    }
}
