using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>R1: a new account starts a trial; the account must exist before anything else.</summary>
public sealed class SignUpSpecs
{
    [Fact]
    public void Sign_up_starts_a_fourteen_day_trial_from_the_sign_up_instant()
    {
        var signUp = At.Utc(2025, 3, 10, 9, 30);

        var decision = AccountDecider.Decide(null, Cmd.Create("alice"), signUp, new SubscriptionOptions());

        Assert.Null(decision.Rejection);
        var created = Assert.IsType<AccountEvents.AccountCreated>(Assert.Single(decision.Events));
        Assert.Equal(new AccountId("alice"), created.AccountId);
        Assert.Equal(signUp, created.At);
        Assert.Equal(At.Utc(2025, 3, 24, 9, 30), created.TrialEndsAt);
    }

    [Fact]
    public void A_new_account_is_an_active_trial_with_no_plan_channel_or_auto_renew()
    {
        var account = AccountFixture.SignedUpAt("2025-03-10");

        var view = account.View;

        Assert.Equal(Tier.Trial, view.Subscription.Tier);
        Assert.Null(view.Subscription.Plan);
        Assert.Null(view.Subscription.Channel);
        Assert.Equal(SubscriptionStatus.Active, view.Subscription.Status);
        Assert.Equal(At.Utc(2025, 3, 24), view.Subscription.ExpiresAt);
        Assert.Null(view.Subscription.RenewalOpensAt);
        Assert.False(view.Subscription.AutoRenew);
        Assert.Equal(At.Utc(2025, 3, 10), view.CreatedAt);
    }

    [Fact]
    public void The_trial_length_comes_from_the_options()
    {
        var options = new SubscriptionOptions { TrialLength = TimeSpan.FromDays(30) };

        var account = AccountFixture.SignedUpAt("2025-03-10", options);

        Assert.Equal(At.Utc(2025, 4, 9), account.ExpiresAt);
    }

    [Fact]
    public void A_trial_allows_the_same_five_hosts_as_a_paid_subscription()
    {
        var account = AccountFixture.SignedUpAt("2025-03-10");

        Assert.Equal(5, account.HostLimit);
    }

    [Fact]
    public void A_second_sign_up_under_an_existing_id_is_rejected_account_exists()
    {
        var account = AccountFixture.SignedUpAt("2025-03-10").MoveTo("2025-03-11");

        var rejection = account.Reject(Cmd.Create() with { ApiKeyHash = "another-key-hash" }, RejectionCodes.AccountExists);

        Assert.Equal(RejectionKind.Conflict, rejection.Kind);
        Assert.Equal(At.Utc(2025, 3, 24), account.ExpiresAt);
    }

    [Fact]
    public void A_second_sign_up_with_the_same_key_but_another_email_is_rejected_account_exists()
    {
        var account = AccountFixture.SignedUpAt("2025-03-10").MoveTo("2025-03-11");

        account.Reject(Cmd.Create() with { Email = "someone-else@example.com" }, RejectionCodes.AccountExists);
    }

    /// <summary>The same sign-up sent again (its key hash is the one the account keeps) changes nothing and is answered.</summary>
    [Fact]
    public void The_same_sign_up_sent_again_is_a_no_op()
    {
        var account = AccountFixture.SignedUpAt("2025-03-10").MoveTo("2025-03-10T00:00:05");

        account.AcceptAsNoOp(Cmd.Create());

        Assert.Equal(At.Utc(2025, 3, 24), account.ExpiresAt);
    }

    public static TheoryData<IAccountCommand> CommandsOtherThanSignUp => new()
    {
        Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"),
        Cmd.AutoRenew(true),
        Cmd.Licence("KEY-1", LicenceProduct.DesktopProSubscription),
        Cmd.LicencePack("tx-2"),
        Cmd.AddHost("host-1"),
        Cmd.RemoveHost("host-1"),
        Cmd.AddDevice("device-1"),
        Cmd.RemoveDevice("device-1"),
        Cmd.Refund("tx-1"),
        Cmd.Adjust(At.Utc(2026, 1, 1), Tier.Free),
    };

    [Theory]
    [MemberData(nameof(CommandsOtherThanSignUp))]
    public void Any_other_command_on_an_account_that_does_not_exist_is_rejected_account_not_found(IAccountCommand command)
    {
        var decision = AccountDecider.Decide(null, command, At.Utc(2025, 3, 10), new SubscriptionOptions());

        Assert.NotNull(decision.Rejection);
        Assert.Equal(RejectionCodes.AccountNotFound, decision.Rejection.Code);
        Assert.Equal(RejectionKind.NotFound, decision.Rejection.Kind);
        Assert.Empty(decision.Events);
    }
}
