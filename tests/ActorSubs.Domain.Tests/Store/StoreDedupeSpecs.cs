using ActorSubs.Domain.Tests.Support;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Domain.Tests.Store;

/// <summary>Store notifications: the same notification id again is a no-op, within a bounded memory of ids.</summary>
public sealed class StoreDedupeSpecs
{
    [Fact]
    public void The_same_notification_again_writes_nothing_and_leaves_the_account_as_it_was()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-20");
        var paid = StoreCmd.Paid("n-1", Channel.AppStore, "tx-1", Plan.Monthly, At.Utc(2025, 1, 20));
        var first = AccountSteps.Handle(account.State, paid, account.Now, account.Options);

        var again = AccountSteps.Handle(first.State, paid, account.Now + TimeSpan.FromHours(1), account.Options);

        Assert.NotEmpty(first.Events);
        Assert.Null(again.Rejection);
        Assert.Empty(again.Events);
        Assert.Same(first.State, again.State);
    }

    [Fact]
    public void A_notification_id_already_applied_is_a_no_op_even_with_other_content()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-20");
        account.Accept(StoreCmd.Paid("n-1", Channel.Web, "cb-1", Plan.Monthly, At.Utc(2025, 1, 20)));

        account.AcceptAsNoOp(StoreCmd.Revoked("n-1", Channel.Web, At.Utc(2025, 1, 21), "cb-1"));

        Assert.False(account.State.Transactions["cb-1"].Refunded);
    }

    [Fact]
    public void The_account_remembers_the_last_500_ids_and_an_older_fact_under_a_forgotten_id_still_changes_nothing()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-20");
        account.Accept(StoreCmd.Paid("n-buy", Channel.Web, "cb-1", Plan.Monthly, At.Utc(2025, 1, 20)));
        var first = At.Utc(2025, 1, 21);
        for (var i = 0; i < StoreLedger.RememberedNotifications; i++)
            account.Accept(StoreCmd.AutoRenew($"n-{i}", Channel.Web, first + TimeSpan.FromMinutes(i), enabled: i % 2 == 0));
        Assert.False(account.State.AutoRenew);

        var ids = account.State.Store.RecentNotificationIds;
        Assert.Equal(StoreLedger.RememberedNotifications, ids.Count);
        Assert.DoesNotContain("n-buy", ids);
        Assert.Equal("n-0", ids[0]);
        // Forgotten, so no longer a no-op; but older than the newest auto-renew fact, so seen and nothing more.
        var replay = account.Accept(StoreCmd.AutoRenew("n-buy", Channel.Web, first, enabled: true));
        Assert.IsType<StoreNotificationSeen>(Assert.Single(replay));
        Assert.False(account.State.AutoRenew);
    }
}
