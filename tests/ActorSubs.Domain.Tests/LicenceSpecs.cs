using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// R5: a Desktop Pro subscription licence adds 5 hosts and leaves the expiry alone. R6: a Desktop permanent
/// licence extends a paid subscription by 3 months and is refused on trial and free. R7 (the account's half):
/// a key is registered once, compared without regard to case.
/// </summary>
public sealed class LicenceSpecs
{
    [Fact]
    public void A_desktop_pro_subscription_licence_on_a_trial_adds_five_hosts_and_keeps_the_expiry()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-05");

        var registered = account.AcceptSingle<AccountEvents.LicenceRegistered>(
            Cmd.Licence("PRO-1111-2222", LicenceProduct.DesktopProSubscription));

        Assert.Equal(At.Utc(2025, 1, 15), registered.ExpiresAt);
        Assert.Equal(At.Utc(2025, 1, 15), account.ExpiresAt);
        Assert.Equal(10, account.HostLimit);
        Assert.Equal(Tier.Trial, account.State.Tier);
    }

    [Fact]
    public void A_desktop_pro_subscription_licence_on_a_paid_subscription_adds_five_hosts_and_keeps_the_expiry()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web).MoveTo("2025-05-01");

        account.Accept(Cmd.Licence("PRO-1", LicenceProduct.DesktopProSubscription));
        account.Accept(Cmd.Licence("PRO-2", LicenceProduct.DesktopProSubscription));

        Assert.Equal(At.Utc(2026, 1, 1), account.ExpiresAt);
        Assert.Equal(15, account.HostLimit);
        var licence = Assert.Single(account.View.Licences, l => l.Key == "PRO-1");
        Assert.Equal(LicenceProduct.DesktopProSubscription, licence.Product);
        Assert.Equal(At.Utc(2025, 5, 1), licence.RegisteredAt);
    }

    [Fact]
    public void A_desktop_permanent_licence_extends_a_live_paid_subscription_by_three_months_from_its_expiry()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web).MoveTo("2025-03-01");

        var registered = account.AcceptSingle<AccountEvents.LicenceRegistered>(
            Cmd.Licence("PERM-1", LicenceProduct.DesktopPermanent));

        Assert.Equal(At.Utc(2026, 4, 1), registered.ExpiresAt);
        Assert.Equal(At.Utc(2026, 4, 1), account.ExpiresAt);
        Assert.Equal(5, account.HostLimit);
    }

    [Fact]
    public void A_desktop_permanent_licence_on_an_expired_paid_subscription_extends_it_three_months_from_now()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web).MoveTo("2025-03-10T12:00:00");
        Assert.Equal(SubscriptionStatus.Expired, account.Status);

        account.Accept(Cmd.Licence("PERM-1", LicenceProduct.DesktopPermanent));

        Assert.Equal(At.Utc(2025, 6, 10, 12), account.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Active, account.Status);
    }

    [Fact]
    public void A_desktop_permanent_licence_extension_length_comes_from_the_options()
    {
        var options = new SubscriptionOptions { PermanentLicenceExtensionMonths = 6 };
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web, options: options).MoveTo("2025-01-10");

        account.Accept(Cmd.Licence("PERM-1", LicenceProduct.DesktopPermanent));

        Assert.Equal(At.Utc(2025, 8, 1), account.ExpiresAt);
    }

    [Fact]
    public void A_desktop_permanent_licence_on_a_trial_is_rejected_licence_requires_paid_subscription()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-05");

        var rejection = account.Reject(Cmd.Licence("PERM-1", LicenceProduct.DesktopPermanent), RejectionCodes.LicenceRequiresPaid);

        Assert.Contains("trial", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(At.Utc(2025, 1, 15), account.ExpiresAt);
        Assert.Empty(account.State.Licences);
    }

    [Fact]
    public void A_desktop_permanent_licence_on_a_free_subscription_is_rejected_licence_requires_paid_subscription()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.Adjust(At.Utc(2025, 12, 31), Tier.Free));

        var rejection = account.Reject(Cmd.Licence("PERM-1", LicenceProduct.DesktopPermanent), RejectionCodes.LicenceRequiresPaid);

        Assert.Contains("free", rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LicenceProduct.DesktopProSubscription)]
    [InlineData(LicenceProduct.DesktopPermanent)]
    public void The_same_key_registered_twice_on_one_account_is_rejected_licence_already_registered(LicenceProduct product)
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web).MoveTo("2025-02-01");
        account.Accept(Cmd.Licence("KEY-ABC-123", product));
        var expiry = account.ExpiresAt;
        var limit = account.HostLimit;

        account.Advance(TimeSpan.FromDays(3)).Reject(Cmd.Licence("KEY-ABC-123", product), RejectionCodes.LicenceAlreadyRegistered);

        Assert.Equal(expiry, account.ExpiresAt);
        Assert.Equal(limit, account.HostLimit);
    }

    [Fact]
    public void A_key_already_registered_is_recognised_whatever_its_case()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.Licence("abcd-efgh-1234", LicenceProduct.DesktopProSubscription));

        account.Reject(Cmd.Licence("ABCD-efgh-1234", LicenceProduct.DesktopProSubscription), RejectionCodes.LicenceAlreadyRegistered);
        account.Reject(Cmd.Licence("ABCD-EFGH-1234", LicenceProduct.DesktopProSubscription), RejectionCodes.LicenceAlreadyRegistered);
        Assert.Equal(10, account.HostLimit);
    }

    [Fact]
    public void A_key_registered_as_one_product_cannot_be_registered_again_as_the_other()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web);
        account.Accept(Cmd.Licence("KEY-1", LicenceProduct.DesktopProSubscription));

        account.Reject(Cmd.Licence("key-1", LicenceProduct.DesktopPermanent), RejectionCodes.LicenceAlreadyRegistered);

        Assert.Equal(At.Utc(2026, 1, 1), account.ExpiresAt);
    }

    [Fact]
    public void Different_keys_are_each_accepted()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        account.Accept(Cmd.Licence("KEY-1", LicenceProduct.DesktopProSubscription));
        account.Accept(Cmd.Licence("KEY-2", LicenceProduct.DesktopProSubscription));

        Assert.Equal(2, account.State.Licences.Count);
    }
}
