using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>R14: the store's transaction id makes a purchase idempotent: the same id never extends twice.</summary>
public sealed class IdempotencySpecs
{
    [Fact]
    public void The_same_purchase_transaction_twice_gives_no_second_event_and_keeps_the_expiry()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-05");
        account.Accept(Cmd.Buy(Plan.Annual, Channel.Web, "tx-double-click"));
        var expiry = account.ExpiresAt;

        var replay = account.Advance(TimeSpan.FromSeconds(1)).Decide(Cmd.Buy(Plan.Annual, Channel.Web, "tx-double-click"));

        Assert.Equal(Decision.NoOp, replay);
        Assert.Null(replay.Rejection);
        Assert.Empty(replay.Events);
        Assert.Equal(expiry, account.ExpiresAt);
    }

    [Fact]
    public void A_replayed_purchase_is_a_no_op_even_inside_the_renewal_window()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.GooglePlay, "tx-1").MoveTo("2025-01-25");

        account.AcceptAsNoOp(Cmd.Buy(Plan.Monthly, Channel.GooglePlay, "tx-1"));

        Assert.Equal(At.Utc(2025, 2, 1), account.ExpiresAt);
    }

    [Fact]
    public void A_replayed_purchase_after_expiry_does_not_buy_a_new_period()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, "tx-1").MoveTo("2025-05-01");

        account.AcceptAsNoOp(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));

        Assert.Equal(At.Utc(2025, 2, 1), account.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Expired, account.Status);
    }

    [Fact]
    public void A_replayed_purchase_before_the_renewal_window_is_a_no_op_rather_than_renewal_not_open()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web, "tx-1").MoveTo("2025-01-01T00:00:02");

        account.AcceptAsNoOp(Cmd.Buy(Plan.Annual, Channel.Web, "tx-1"));
    }

    [Fact]
    public void A_replayed_purchase_of_a_refunded_transaction_does_not_buy_it_again()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, "tx-1");
        account.Accept(Cmd.Refund("tx-1"));
        var expiry = account.ExpiresAt;

        account.AcceptAsNoOp(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"));

        Assert.Equal(expiry, account.ExpiresAt);
    }

    [Theory]
    [InlineData(Plan.Annual, Channel.Web)]
    [InlineData(Plan.Monthly, Channel.GooglePlay)]
    [InlineData(Plan.Biennial, Channel.AppStore)]
    public void The_same_transaction_id_for_a_different_plan_or_channel_is_rejected_transaction_conflict(Plan plan, Channel channel)
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, "tx-1").MoveTo("2025-01-25");

        var rejection = account.Reject(Cmd.Buy(plan, channel, "tx-1"), RejectionCodes.TransactionConflict);

        Assert.Equal(RejectionKind.Conflict, rejection.Kind);
        Assert.Equal(At.Utc(2025, 2, 1), account.ExpiresAt);
    }

    [Fact]
    public void A_purchase_transaction_id_reused_for_a_licence_pack_is_rejected_transaction_conflict()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, "tx-1");

        account.Reject(Cmd.LicencePack("tx-1"), RejectionCodes.TransactionConflict);

        Assert.Equal(5, account.HostLimit);
    }

    [Fact]
    public void A_licence_pack_transaction_id_reused_for_a_purchase_is_rejected_transaction_conflict()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.LicencePack("tx-pack"));

        account.Reject(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-pack"), RejectionCodes.TransactionConflict);

        Assert.Equal(Tier.Trial, account.State.Tier);
    }

    [Fact]
    public void The_same_licence_pack_transaction_twice_adds_hosts_once()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.LicencePack("tx-pack"));

        account.AcceptAsNoOp(Cmd.LicencePack("tx-pack"));

        Assert.Equal(10, account.HostLimit);
    }
}
