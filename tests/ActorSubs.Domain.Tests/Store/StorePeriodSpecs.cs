using ActorSubs.Domain.Tests.Support;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain.Tests.Store;

/// <summary>Store notifications, R3, R4, R14: a paid period the store reports, on every channel.</summary>
public sealed class StorePeriodSpecs
{
    // Signed up on 1 January 2025: the trial ends on 15 January.
    private static readonly DateTimeOffset SignUp = At.Utc(2025, 1, 1);
    private static readonly DateTimeOffset TrialEnd = At.Utc(2025, 1, 15);

    [Theory]
    [InlineData(Channel.AppStore, true)]
    [InlineData(Channel.GooglePlay, false)]
    [InlineData(Channel.Web, false)]
    public void A_period_bought_during_the_trial_keeps_the_trial_remainder_counted_from_the_store_purchase_date(Channel channel, bool autoRenew)
    {
        var account = AccountFixture.SignedUpAt(SignUp);

        // Bought on 5 January with 10 trial days left, reported a week late: the 10 days still count from 5 January.
        account.MoveTo("2025-01-12").Accept(
            StoreCmd.Paid("n-1", channel, At.Utc(2025, 1, 5), "tx-1", Plan.Monthly, At.Utc(2025, 1, 5), At.Utc(2025, 2, 5)));

        Assert.Equal(Tier.Paid, account.State.Tier);
        Assert.Equal(Plan.Monthly, account.State.Plan);
        Assert.Equal(channel, account.State.Channel);
        Assert.Equal(At.Utc(2025, 2, 15), account.ExpiresAt);
        Assert.Equal(autoRenew, account.State.AutoRenew);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
        var tx = account.State.Transactions["tx-1"];
        Assert.Equal((At.Utc(2025, 1, 5), At.Utc(2025, 2, 5), false), (tx.PeriodStart!.Value, tx.PeriodEnd!.Value, tx.Refunded));
        Assert.Equal(TrialEnd, tx.PreviousExpiresAt);
    }

    [Theory]
    [InlineData(Channel.AppStore)]
    [InlineData(Channel.GooglePlay)]
    [InlineData(Channel.Web)]
    public void A_renewal_runs_to_the_store_expiry_and_a_new_plan_replaces_the_old_one(Channel channel)
    {
        var account = AccountFixture.SignedUpAt(SignUp).MoveTo("2025-01-20");
        account.Accept(StoreCmd.Paid("n-1", channel, "tx-1", Plan.Monthly, At.Utc(2025, 1, 20)));

        account.MoveTo("2025-02-20").Accept(StoreCmd.Paid("n-2", channel, "tx-2", Plan.Monthly, At.Utc(2025, 2, 20)));
        Assert.Equal(At.Utc(2025, 3, 20), account.ExpiresAt);

        account.MoveTo("2025-03-20").Accept(StoreCmd.Paid("n-3", channel, "tx-3", Plan.Annual, At.Utc(2025, 3, 20)));
        Assert.Equal(At.Utc(2026, 3, 20), account.ExpiresAt);
        Assert.Equal(Plan.Annual, account.State.Plan);
        Assert.Equal(channel, account.State.Channel);
    }

    [Fact]
    public void The_same_transaction_reported_again_under_another_notification_never_extends_twice()
    {
        var account = AccountFixture.SignedUpAt(SignUp).MoveTo("2025-01-20");
        account.Accept(StoreCmd.Paid("n-1", Channel.GooglePlay, "GPA.1-0", Plan.Monthly, At.Utc(2025, 1, 20)));

        var again = account.MoveTo("2025-01-21").Accept(
            StoreCmd.Paid("n-2", Channel.GooglePlay, At.Utc(2025, 1, 19), "GPA.1-0", Plan.Monthly, At.Utc(2025, 1, 20), At.Utc(2025, 2, 20)));

        Assert.IsType<StoreNotificationSeen>(Assert.Single(again));
        Assert.Equal(At.Utc(2025, 2, 20), account.ExpiresAt);
    }

    [Fact]
    public void A_purchase_made_through_the_api_is_not_extended_again_by_the_store_reporting_it()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web, "cb-1");

        account.MoveTo("2025-01-02").Accept(StoreCmd.Paid("cb-evt-1", Channel.Web, "cb-1", Plan.Annual, At.Utc(2025, 1, 1)));

        Assert.Equal(At.Utc(2026, 1, 1), account.ExpiresAt);
        Assert.False(account.State.Transactions["cb-1"].ReportedByStore);
    }

    [Fact]
    public void An_older_period_arriving_after_a_newer_one_is_recorded_and_moves_nothing()
    {
        var account = AccountFixture.SignedUpAt(SignUp).MoveTo("2025-02-21");
        account.Accept(StoreCmd.Paid("n-2", Channel.AppStore, "tx-2", Plan.Monthly, At.Utc(2025, 2, 5)));
        Assert.Equal(At.Utc(2025, 3, 5), account.ExpiresAt);

        // The first purchase, with the trial remainder (5 Jan + 1 month + 10 days = 15 Feb), arrives last.
        account.Accept(StoreCmd.Paid("n-1", Channel.AppStore, "tx-1", Plan.Monthly, At.Utc(2025, 1, 5)));

        Assert.Equal(At.Utc(2025, 3, 5), account.ExpiresAt);
        Assert.Equal(["tx-1", "tx-2"], account.State.Transactions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_permanent_licence_on_top_of_a_store_period_stays_on_top_when_the_store_renews()
    {
        var account = AccountFixture.SignedUpAt(SignUp).MoveTo("2025-01-20");
        account.Accept(StoreCmd.Paid("n-1", Channel.AppStore, "tx-1", Plan.Annual, At.Utc(2025, 1, 20)));
        account.MoveTo("2025-02-01").Accept(Cmd.Licence("pd-perm-1", LicenceProduct.DesktopPermanent));
        Assert.Equal(At.Utc(2026, 4, 20), account.ExpiresAt);

        account.MoveTo("2026-01-20").Accept(StoreCmd.Paid("n-2", Channel.AppStore, "tx-2", Plan.Annual, At.Utc(2026, 1, 20)));

        Assert.Equal(At.Utc(2027, 4, 20), account.ExpiresAt);
    }

    [Fact]
    public void A_store_period_that_gives_more_time_raises_renewed_and_a_late_one_raises_nothing()
    {
        var account = AccountFixture.SignedUpAt(SignUp).MoveTo("2025-02-21");
        account.Accept(Cmd.AddDevice("iphone"));

        var renewal = account.AcceptNotified(StoreCmd.Paid("n-2", Channel.AppStore, "tx-2", Plan.Monthly, At.Utc(2025, 2, 20)));
        var late = account.AcceptNotified(StoreCmd.Paid("n-1", Channel.AppStore, "tx-1", Plan.Monthly, At.Utc(2025, 1, 20)));

        var renewed = Assert.Single(renewal.Notifications());
        Assert.Equal(NotificationKind.Renewed, renewed.Kind);
        Assert.Equal(At.Utc(2025, 3, 20), renewed.Data.ExpiresAt);
        Assert.Empty(late.Notifications());
    }

    [Fact]
    public void A_store_period_lifts_an_expiry_already_announced()
    {
        var account = AccountFixture.SignedUpAt(SignUp);
        account.Accept(Cmd.AddDevice("iphone"));
        Assert.Contains(account.RunClockUntil("2025-01-16"), n => n.Kind == NotificationKind.SubscriptionExpired);

        account.Accept(StoreCmd.Paid("n-1", Channel.AppStore, "tx-1", Plan.Monthly, At.Utc(2025, 1, 16)));

        Assert.Null(account.State.ExpiryNotifiedFor);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }
}
