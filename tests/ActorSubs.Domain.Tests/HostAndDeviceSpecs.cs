using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>R8: 5 hosts per subscription, +5 per licence pack; hosts and devices are registered once each.</summary>
public sealed class HostAndDeviceSpecs
{
    private static AccountFixture WithHosts(AccountFixture account, int count, string prefix = "host-")
    {
        for (var i = 1; i <= count; i++)
            account.Accept(Cmd.AddHost($"{prefix}{i}"));
        return account;
    }

    [Fact]
    public void Five_hosts_are_allowed_on_a_trial()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        WithHosts(account, 5);

        Assert.Equal(5, account.State.Hosts.Count);
        Assert.Equal(5, account.View.HostLimit);
    }

    [Fact]
    public void The_sixth_host_is_rejected_host_limit_reached_with_a_limit_of_five()
    {
        var account = WithHosts(AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web), 5);

        var rejection = account.Advance(TimeSpan.FromDays(1)).Reject(Cmd.AddHost("host-6"), RejectionCodes.HostLimitReached);

        Assert.Equal(5L, rejection.Field("limit"));
        Assert.Equal(RejectionKind.Conflict, rejection.Kind);
        Assert.Contains("5", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(5, account.State.Hosts.Count);
    }

    [Fact]
    public void A_licence_pack_raises_the_host_limit_to_ten()
    {
        var account = WithHosts(AccountFixture.SignedUpAt("2025-01-01"), 5);

        account.AcceptSingle<AccountEvents.LicencePackPurchased>(Cmd.LicencePack("pack-1"));
        WithHosts(account, 5, "more-");

        Assert.Equal(10, account.HostLimit);
        Assert.Equal(1, account.View.LicencePacks);
        Assert.Equal(10, account.State.Hosts.Count);
        var rejection = account.Reject(Cmd.AddHost("one-too-many"), RejectionCodes.HostLimitReached);
        Assert.Equal(10L, rejection.Field("limit"));
    }

    [Fact]
    public void The_hosts_per_pack_comes_from_the_options()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01", new SubscriptionOptions { HostsPerPack = 2 });
        account.Accept(Cmd.LicencePack("pack-1"));

        Assert.Equal(4, account.HostLimit);
    }

    [Fact]
    public void A_host_id_already_registered_is_rejected_host_already_registered()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.AddHost("office-mac"));

        account.Reject(Cmd.AddHost("office-mac"), RejectionCodes.HostExists);

        Assert.Single(account.State.Hosts);
    }

    [Fact]
    public void A_duplicate_host_on_a_full_account_is_reported_as_a_duplicate()
    {
        var account = WithHosts(AccountFixture.SignedUpAt("2025-01-01"), 5);

        account.Reject(Cmd.AddHost("host-3"), RejectionCodes.HostExists);
    }

    [Fact]
    public void Removing_a_host_that_is_not_registered_is_rejected_host_not_found()
    {
        var account = WithHosts(AccountFixture.SignedUpAt("2025-01-01"), 2);

        var rejection = account.Reject(Cmd.RemoveHost("host-9"), RejectionCodes.HostNotFound);

        Assert.Equal(RejectionKind.NotFound, rejection.Kind);
        Assert.Equal(2, account.State.Hosts.Count);
    }

    [Fact]
    public void Removing_a_host_frees_a_slot_for_another()
    {
        var account = WithHosts(AccountFixture.SignedUpAt("2025-01-01"), 5);
        account.Reject(Cmd.AddHost("host-6"), RejectionCodes.HostLimitReached);

        account.AcceptSingle<AccountEvents.HostRemoved>(Cmd.RemoveHost("host-2"));
        account.Accept(Cmd.AddHost("host-6"));

        Assert.Equal(["host-1", "host-3", "host-4", "host-5", "host-6"], account.State.Hosts.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_removed_host_id_can_be_registered_again()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.AddHost("office-mac"));
        account.Accept(Cmd.RemoveHost("office-mac"));

        account.Advance(TimeSpan.FromHours(1)).Accept(Cmd.AddHost("office-mac"));

        var host = Assert.Single(account.View.Hosts);
        Assert.Equal("office-mac", host.HostId);
        Assert.Equal(At.Utc(2025, 1, 1, 1), host.AddedAt);
    }

    [Fact]
    public void Hosts_may_be_added_after_the_subscription_expired()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-06-01");

        account.Accept(Cmd.AddHost("office-mac"));

        Assert.Single(account.State.Hosts);
    }

    [Fact]
    public void A_device_can_be_added_and_removed()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01").MoveTo("2025-01-02");

        var added = account.AcceptSingle<AccountEvents.DeviceAdded>(Cmd.AddDevice("phone-1", Platform.Android));
        var device = Assert.Single(account.View.Devices);
        account.AcceptSingle<AccountEvents.DeviceRemoved>(Cmd.RemoveDevice("phone-1"));

        Assert.Equal(Platform.Android, added.Platform);
        Assert.Equal("phone-1", device.DeviceId);
        Assert.Equal(Platform.Android, device.Platform);
        Assert.Equal(At.Utc(2025, 1, 2), device.AddedAt);
        Assert.Empty(account.State.Devices);
    }

    [Fact]
    public void Devices_are_not_limited_by_the_host_limit()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        for (var i = 0; i < 12; i++)
            account.Accept(Cmd.AddDevice($"device-{i}", Platform.Web));

        Assert.Equal(12, account.State.Devices.Count);
    }

    [Fact]
    public void A_device_id_already_registered_is_rejected_device_already_registered()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.AddDevice("phone-1"));

        var rejection = account.Reject(Cmd.AddDevice("phone-1", Platform.Web), RejectionCodes.DeviceExists);

        Assert.Equal(RejectionKind.Conflict, rejection.Kind);
        Assert.Equal(Platform.Ios, Assert.Single(account.State.Devices).Value.Platform);
    }

    [Fact]
    public void Removing_a_device_that_is_not_registered_is_rejected_device_not_found()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.AddDevice("phone-1"));

        var rejection = account.Reject(Cmd.RemoveDevice("phone-2"), RejectionCodes.DeviceNotFound);

        Assert.Equal(RejectionKind.NotFound, rejection.Kind);
    }
}
