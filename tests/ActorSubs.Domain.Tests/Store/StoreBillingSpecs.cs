using ActorSubs.Domain.Tests.Support;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain.Tests.Store;

/// <summary>Store notifications, R9, R10, R13: a failed renewal with the store's grace, and the end of it.</summary>
public sealed class StoreBillingSpecs
{
    private static readonly DateTimeOffset Bought = At.Utc(2025, 1, 20);
    private static readonly DateTimeOffset Expiry = At.Utc(2025, 2, 20);

    private static AccountFixture PaidAtTheStore(Channel channel, bool withDevice = true)
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo(Bought);
        if (withDevice) account.Accept(Cmd.AddDevice("phone"));
        account.Accept(StoreCmd.Paid("n-buy", channel, "tx-1", Plan.Monthly, Bought));
        if (channel != Channel.AppStore) account.Accept(StoreCmd.AutoRenew("n-on", channel, Bought, enabled: true));
        return account;
    }

    [Theory]
    [InlineData(Channel.AppStore)]
    [InlineData(Channel.GooglePlay)]
    [InlineData(Channel.Web)]
    public void A_failed_renewal_keeps_service_until_the_grace_end_the_store_gives_and_raises_renewal_failed(Channel channel)
    {
        var account = PaidAtTheStore(channel).MoveTo(Expiry);
        var graceEndsAt = At.Utc(2025, 3, 8);

        var events = account.AcceptNotified(StoreCmd.Grace("n-fail", channel, Expiry, graceEndsAt));

        var failed = Assert.Single(events.Notifications());
        Assert.Equal(NotificationKind.RenewalFailed, failed.Kind);
        Assert.Equal(graceEndsAt, failed.Data.GraceEndsAt);
        Assert.Equal(graceEndsAt, AccountTimeline.ServiceEndsAt(account.State, account.Options));
        Assert.Equal(SubscriptionStatus.Grace, account.MoveTo(At.Utc(2025, 3, 7, 23, 59)).Status);
        Assert.Equal(SubscriptionStatus.Expired, account.MoveTo(graceEndsAt).Status);
    }

    [Fact]
    public void A_failed_renewal_without_a_grace_end_keeps_service_for_the_configured_grace()
    {
        var account = PaidAtTheStore(Channel.GooglePlay).MoveTo(Expiry);

        account.Accept(StoreCmd.Grace("n-fail", Channel.GooglePlay, Expiry, graceEndsAt: null));

        Assert.Equal(Expiry + account.Options.BillingGrace, AccountTimeline.ServiceEndsAt(account.State, account.Options));
    }

    [Fact]
    public void A_renewal_after_the_failure_ends_the_grace()
    {
        var account = PaidAtTheStore(Channel.AppStore).MoveTo(Expiry);
        account.Accept(StoreCmd.Grace("n-fail", Channel.AppStore, Expiry, At.Utc(2025, 3, 8)));

        account.MoveTo("2025-02-23").Accept(
            StoreCmd.Paid("n-renew", Channel.AppStore, At.Utc(2025, 2, 23), "tx-2", Plan.Monthly, At.Utc(2025, 2, 23), At.Utc(2025, 3, 23)));

        Assert.Equal(StoreBilling.Current, account.State.Store.Billing!.Billing);
        Assert.Equal(At.Utc(2025, 3, 23), account.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }

    [Fact]
    public void A_failure_older_than_the_renewal_already_applied_changes_nothing()
    {
        var account = PaidAtTheStore(Channel.AppStore).MoveTo("2025-02-24");
        account.Accept(StoreCmd.Paid("n-renew", Channel.AppStore, At.Utc(2025, 2, 23), "tx-2", Plan.Monthly, At.Utc(2025, 2, 23), At.Utc(2025, 3, 23)));

        var older = account.AcceptNotified(StoreCmd.Grace("n-fail", Channel.AppStore, Expiry, At.Utc(2025, 3, 8)));

        Assert.IsType<StoreNotificationSeen>(Assert.Single(older));
        Assert.Equal(StoreBilling.Current, account.State.Store.Billing!.Billing);
    }

    [Theory]
    [InlineData(Channel.AppStore)]
    [InlineData(Channel.GooglePlay)]
    [InlineData(Channel.Web)]
    public void A_lapse_ends_service_at_the_expiry_and_the_step_announces_it_once(Channel channel)
    {
        var account = PaidAtTheStore(channel);
        var arrival = Expiry + TimeSpan.FromDays(2);
        Assert.Equal(SubscriptionStatus.Grace, account.MoveTo(arrival).Status);

        var step = AccountSteps.Handle(account.State, StoreCmd.Lapsed("n-over", channel, arrival), arrival, account.Options);

        var expired = Assert.Single(step.Events.Notifications());
        Assert.Equal(NotificationKind.SubscriptionExpired, expired.Kind);
        Assert.Equal(SubscriptionStatus.Expired, step.State!.Status(arrival, account.Options));
        Assert.Null(step.Charge);
        var later = AccountSteps.Tick(step.State, arrival + TimeSpan.FromDays(10), account.Options);
        Assert.Empty(later.Events.Notifications());
        Assert.Null(later.Charge);
    }
}
