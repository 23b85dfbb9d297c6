using ActorSubs.Domain.Tests.Support;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain.Tests.Store;

/// <summary>Store notifications, R12: refunds, revocations and chargebacks the store reports, Apple's included.</summary>
public sealed class StoreRevocationSpecs
{
    // Signed up on 1 January 2025: the trial ends on 15 January.
    private static readonly DateTimeOffset TrialEnd = At.Utc(2025, 1, 15);

    [Theory]
    [InlineData(Channel.AppStore)]
    [InlineData(Channel.GooglePlay)]
    [InlineData(Channel.Web)]
    public void Revoking_the_only_store_period_returns_the_account_to_its_trial(Channel channel)
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-05");
        account.Accept(StoreCmd.Paid("n-buy", channel, "tx-1", Plan.Annual, At.Utc(2025, 1, 5)));

        var events = account.MoveTo("2025-01-10").Accept(StoreCmd.Revoked("n-refund", channel, At.Utc(2025, 1, 9), "tx-1"));

        Assert.IsType<Refunded>(events[1]);
        Assert.Equal(Tier.Trial, account.State.Tier);
        Assert.Null(account.State.Plan);
        Assert.Null(account.State.Channel);
        Assert.False(account.State.AutoRenew);
        Assert.Equal(TrialEnd, account.ExpiresAt);
        Assert.True(account.State.Transactions["tx-1"].Refunded);
    }

    [Fact]
    public void Apple_refunds_an_app_store_purchase_made_through_the_api_that_a_user_may_not_refund_here()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.AppStore, "apple-tx").MoveTo("2025-01-02");
        account.Reject(Cmd.Refund("apple-tx"), RejectionCodes.RefundViaApple);

        account.Accept(StoreCmd.Revoked("n-refund", Channel.AppStore, At.Utc(2025, 1, 2), "apple-tx"));

        // As R12 revokes a web purchase: back to the fixture's trial, which ended 30 days before the purchase.
        Assert.NotEqual(Tier.Paid, account.State.Tier);
        Assert.Equal(At.Utc(2024, 12, 2), account.ExpiresAt);
        Assert.True(account.State.Transactions["apple-tx"].Refunded);
    }

    [Fact]
    public void A_revocation_that_arrives_before_its_purchase_makes_the_purchase_grant_nothing()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-10");
        account.Accept(Cmd.AddDevice("pixel", Platform.Android));

        var revoked = account.Accept(StoreCmd.Revoked("n-void", Channel.GooglePlay, At.Utc(2025, 1, 9), "GPA.7-0"));
        var purchase = account.AcceptNotified(StoreCmd.Paid("n-buy", Channel.GooglePlay, "GPA.7-0", Plan.Monthly, At.Utc(2025, 1, 5)));

        Assert.IsType<StoreRevocationNoted>(revoked[1]);
        Assert.True(Assert.IsType<StorePeriodRecorded>(purchase[1]).Revoked);
        Assert.Empty(purchase.Notifications());
        Assert.Equal(Tier.Trial, account.State.Tier);
        Assert.Equal(TrialEnd, account.ExpiresAt);
        Assert.True(account.State.Transactions["GPA.7-0"].Refunded);
        Assert.Empty(account.State.Store.RevokedUnseen);
    }

    [Fact]
    public void Revoking_a_renewal_moves_the_expiry_back_to_the_period_before_it()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-02-21");
        account.Accept(StoreCmd.Paid("n-1", Channel.Web, "cb-1", Plan.Monthly, At.Utc(2025, 1, 20)));
        account.Accept(StoreCmd.Paid("n-2", Channel.Web, "cb-2", Plan.Annual, At.Utc(2025, 2, 20)));
        Assert.Equal(At.Utc(2026, 2, 20), account.ExpiresAt);

        account.Accept(StoreCmd.Revoked("n-3", Channel.Web, At.Utc(2025, 2, 21), "cb-2"));

        Assert.Equal(At.Utc(2025, 2, 20), account.ExpiresAt);
        Assert.Equal(Tier.Paid, account.State.Tier);
        Assert.Equal(Plan.Monthly, account.State.Plan);
        Assert.Equal(SubscriptionStatus.Expired, account.Status);
    }

    [Fact]
    public void A_revocation_reported_twice_revokes_once()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-02-21");
        account.Accept(StoreCmd.Paid("n-1", Channel.Web, "cb-1", Plan.Monthly, At.Utc(2025, 1, 20)));
        account.Accept(StoreCmd.Paid("n-2", Channel.Web, "cb-2", Plan.Monthly, At.Utc(2025, 2, 20)));
        account.Accept(StoreCmd.Revoked("n-3", Channel.Web, At.Utc(2025, 2, 21), "cb-2"));

        var again = account.Accept(StoreCmd.Revoked("n-4", Channel.Web, At.Utc(2025, 2, 22), "cb-2"));

        Assert.IsType<StoreNotificationSeen>(Assert.Single(again));
        Assert.Equal(At.Utc(2025, 2, 20), account.ExpiresAt);
    }

    [Fact]
    public void Revoking_a_store_period_after_an_operator_made_the_account_free_leaves_it_free()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-20");
        account.Accept(StoreCmd.Paid("n-1", Channel.AppStore, "tx-1", Plan.Monthly, At.Utc(2025, 1, 20)));
        account.Accept(StoreCmd.Paid("n-2", Channel.AppStore, "tx-2", Plan.Monthly, At.Utc(2025, 2, 20)));
        account.Accept(Cmd.Adjust(At.Utc(2025, 12, 31), Tier.Free));

        account.Accept(StoreCmd.Revoked("n-3", Channel.AppStore, At.Utc(2025, 1, 21), "tx-2"));

        Assert.Equal(Tier.Free, account.State.Tier);
        Assert.Equal(At.Utc(2025, 12, 31), account.ExpiresAt);
        Assert.True(account.State.Transactions["tx-2"].Refunded);
    }

    [Fact]
    public void Revoking_a_store_period_keeps_a_permanent_licence_on_top()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-20");
        account.Accept(StoreCmd.Paid("n-1", Channel.AppStore, "tx-1", Plan.Monthly, At.Utc(2025, 1, 20)));
        account.Accept(StoreCmd.Paid("n-2", Channel.AppStore, "tx-2", Plan.Monthly, At.Utc(2025, 2, 20)));
        account.Accept(Cmd.Licence("pd-perm-1", LicenceProduct.DesktopPermanent));
        Assert.Equal(At.Utc(2025, 6, 20), account.ExpiresAt);

        account.Accept(StoreCmd.Revoked("n-3", Channel.AppStore, At.Utc(2025, 1, 21), "tx-2"));

        // The account loses the revoked period's length (28 days of February), not the licence's three months.
        Assert.Equal(At.Utc(2025, 6, 20) - (At.Utc(2025, 3, 20) - At.Utc(2025, 2, 20)), account.ExpiresAt);
    }
}
