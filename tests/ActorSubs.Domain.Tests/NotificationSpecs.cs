using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// R13: the notifications a decision raises (<see cref="NotificationRules.WithNotifications"/>), numbered n1, n2, …,
/// addressed to the devices registered at the time, and kept in a bounded outbox until every recipient acknowledges.
/// </summary>
public sealed class NotificationSpecs
{
    private static AccountFixture TrialWithPhone()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.AcceptNotified(Cmd.AddDevice("phone", Platform.Ios));
        return account;
    }

    private static AccountEvents.NotificationRaised RaisedBy(IReadOnlyList<IAccountEvent> events) =>
        Assert.Single(events.OfType<AccountEvents.NotificationRaised>());

    [Fact]
    public void A_purchase_raises_renewed_with_the_new_expiry_after_the_purchase_event()
    {
        var account = TrialWithPhone().MoveTo("2025-01-05");

        var events = account.AcceptNotified(Cmd.Buy(Plan.Annual, Channel.Web, "tx-1"));

        Assert.Equal(2, events.Count);
        Assert.IsType<AccountEvents.Purchased>(events[0]);
        var raised = Assert.IsType<AccountEvents.NotificationRaised>(events[1]);
        Assert.Equal(NotificationKind.Renewed, raised.Notification.Kind);
        Assert.Equal(At.Utc(2026, 1, 15), raised.Notification.Data.ExpiresAt);
        Assert.Equal("n1", raised.Notification.Id);
        Assert.Equal(At.Utc(2025, 1, 5), raised.Notification.At);
        Assert.Equal(At.Utc(2025, 1, 5), raised.At);
        Assert.Equal(["phone"], raised.Recipients);
        var pending = Assert.Single(account.State.Outbox);
        Assert.Equal(raised.Notification, pending.Notification);
        Assert.Empty(pending.AcknowledgedBy);
    }

    [Fact]
    public void A_licence_pack_raises_hosts_added_with_the_new_host_limit()
    {
        var account = TrialWithPhone();

        var raised = RaisedBy(account.AcceptNotified(Cmd.LicencePack("pack-1")));

        Assert.Equal(NotificationKind.HostsAdded, raised.Notification.Kind);
        Assert.Equal(10, raised.Notification.Data.HostLimit);
    }

    [Fact]
    public void A_desktop_pro_licence_raises_hosts_added_with_the_new_host_limit()
    {
        var account = TrialWithPhone();
        account.AcceptNotified(Cmd.LicencePack("pack-1"));

        var raised = RaisedBy(account.AcceptNotified(Cmd.Licence("PRO-KEY-1", LicenceProduct.DesktopProSubscription)));

        Assert.Equal(NotificationKind.HostsAdded, raised.Notification.Kind);
        Assert.Equal(15, raised.Notification.Data.HostLimit);
        Assert.Null(raised.Notification.Data.ExpiresAt);
    }

    [Fact]
    public void A_permanent_licence_raises_subscription_extended_with_the_new_expiry()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);
        account.AcceptNotified(Cmd.AddDevice("phone"));

        var raised = RaisedBy(account.AcceptNotified(Cmd.Licence("PERM-KEY-1", LicenceProduct.DesktopPermanent)));

        Assert.Equal(NotificationKind.SubscriptionExtended, raised.Notification.Kind);
        Assert.Equal(At.Utc(2025, 5, 1), raised.Notification.Data.ExpiresAt);
    }

    [Fact]
    public void An_adjustment_to_a_later_expiry_raises_subscription_extended()
    {
        var account = TrialWithPhone();

        var raised = RaisedBy(account.AcceptNotified(Cmd.Adjust(At.Utc(2025, 3, 1))));

        Assert.Equal(NotificationKind.SubscriptionExtended, raised.Notification.Kind);
        Assert.Equal(At.Utc(2025, 3, 1), raised.Notification.Data.ExpiresAt);
    }

    [Fact]
    public void An_adjustment_to_an_earlier_or_the_same_expiry_raises_nothing()
    {
        var account = TrialWithPhone();

        Assert.IsType<AccountEvents.SubscriptionAdjusted>(Assert.Single(account.AcceptNotified(Cmd.Adjust(At.Utc(2025, 1, 10)))));
        Assert.IsType<AccountEvents.SubscriptionAdjusted>(Assert.Single(account.AcceptNotified(Cmd.Adjust(At.Utc(2025, 1, 10)))));
        Assert.Empty(account.State.Outbox);
    }

    [Fact]
    public void A_declined_renewal_raises_renewal_failed_with_attempt_grace_end_and_next_attempt()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);
        account.Accept(Cmd.AutoRenew(true));
        account.AcceptNotified(Cmd.AddDevice("phone"));
        account.MoveTo("2025-02-01");

        var events = account.AcceptNotified(Cmd.RenewalDeclined(1));

        Assert.IsType<AccountEvents.RenewalDeclined>(events[0]);
        var raised = RaisedBy(events);
        Assert.Equal(NotificationKind.RenewalFailed, raised.Notification.Kind);
        Assert.Equal(1, raised.Notification.Data.Attempt);
        Assert.Equal(At.Utc(2025, 2, 8), raised.Notification.Data.GraceEndsAt);
        Assert.Equal(At.Utc(2025, 2, 2), raised.Notification.Data.NextAttemptAt);
    }

    [Fact]
    public void The_last_declined_renewal_raises_renewal_failed_with_no_next_attempt()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);
        account.Accept(Cmd.AutoRenew(true));
        account.AcceptNotified(Cmd.AddDevice("phone"));
        account.MoveTo("2025-02-07");

        var raised = RaisedBy(account.AcceptNotified(Cmd.RenewalDeclined(7)));

        Assert.Equal(7, raised.Notification.Data.Attempt);
        Assert.Equal(At.Utc(2025, 2, 8), raised.Notification.Data.GraceEndsAt);
        Assert.Null(raised.Notification.Data.NextAttemptAt);
    }

    [Fact]
    public void A_successful_renewal_charge_raises_renewed_with_the_new_expiry()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.Web);
        account.Accept(Cmd.AutoRenew(true));
        account.AcceptNotified(Cmd.AddDevice("phone"));
        account.MoveTo("2025-02-01");

        var raised = RaisedBy(account.AcceptNotified(Cmd.RenewalCharged("tx-renew-1", 1)));

        Assert.Equal(NotificationKind.Renewed, raised.Notification.Kind);
        Assert.Equal(At.Utc(2025, 3, 1), raised.Notification.Data.ExpiresAt);
    }

    [Fact]
    public void Registering_removing_hosts_and_devices_raises_nothing()
    {
        var account = TrialWithPhone();

        Assert.Single(account.AcceptNotified(Cmd.AddDevice("tablet", Platform.Android)));
        Assert.Single(account.AcceptNotified(Cmd.AddHost("mac-1")));
        Assert.Single(account.AcceptNotified(Cmd.RemoveHost("mac-1")));
        Assert.Single(account.AcceptNotified(Cmd.RemoveDevice("tablet")));
        Assert.Equal(0, account.State.NotificationSequence);
        Assert.Empty(account.State.Outbox);
    }

    [Fact]
    public void With_no_device_registered_nothing_is_raised_or_numbered()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");

        Assert.IsType<AccountEvents.Purchased>(Assert.Single(account.AcceptNotified(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1"))));
        Assert.IsType<AccountEvents.LicencePackPurchased>(Assert.Single(account.AcceptNotified(Cmd.LicencePack("pack-1"))));
        Assert.IsType<AccountEvents.LicenceRegistered>(Assert.Single(account.AcceptNotified(Cmd.Licence("PERM-1", LicenceProduct.DesktopPermanent))));

        Assert.Equal(0, account.State.NotificationSequence);
        Assert.Empty(account.State.Outbox);
    }

    [Fact]
    public void No_events_give_no_notifications_and_account_creation_is_passed_through()
    {
        var o = new SubscriptionOptions();
        var account = TrialWithPhone();
        var (none, unchanged) = NotificationRules.WithNotifications(account.State, [], account.Now, o);
        Assert.Empty(none);
        Assert.Same(account.State, unchanged);

        var created = AccountDecider.Decide(null, Cmd.Create(), account.Now, o).Events;
        var (events, state) = NotificationRules.WithNotifications(null, created, account.Now, o);
        Assert.Equal(created, events);
        Assert.Equal(new AccountId("acc-1"), state.Id);
    }

    [Fact]
    public void Ids_are_n1_n2_n3_in_order_across_commands_and_the_clock()
    {
        var account = TrialWithPhone();

        var first = RaisedBy(account.AcceptNotified(Cmd.LicencePack("pack-1")));
        var second = account.MoveTo("2025-01-08").Due().Events.SingleNotification(NotificationKind.ExpiringSoon);
        var third = RaisedBy(account.AcceptNotified(Cmd.Buy(Plan.Monthly, Channel.Web, "tx-1")));
        var fourth = RaisedBy(account.AcceptNotified(Cmd.LicencePack("pack-2")));

        Assert.Equal(["n1", "n2", "n3", "n4"], new[] { first.Notification.Id, second.Id, third.Notification.Id, fourth.Notification.Id }.Select(Number));
        Assert.Equal(4, account.State.NotificationSequence);
        Assert.Equal(["n1", "n2", "n3", "n4"], account.State.Outbox.Select(p => Number(p.Notification.Id)));
    }

    [Fact]
    public void Recipients_are_the_devices_registered_at_the_time()
    {
        var account = TrialWithPhone();
        var toPhone = RaisedBy(account.AcceptNotified(Cmd.LicencePack("pack-1")));
        account.AcceptNotified(Cmd.AddDevice("tablet", Platform.Android));
        var toBoth = RaisedBy(account.AcceptNotified(Cmd.LicencePack("pack-2")));
        account.AcceptNotified(Cmd.RemoveDevice("phone"));
        var toTablet = RaisedBy(account.AcceptNotified(Cmd.LicencePack("pack-3")));

        Assert.Equal(["phone"], toPhone.Recipients);
        Assert.Equal(["phone", "tablet"], toBoth.Recipients);
        Assert.Equal(["tablet"], toTablet.Recipients);
        // The phone's removal took n1 (meant for the phone alone) out of the outbox, and n2 now waits for the tablet only.
        Assert.DoesNotContain(account.State.Outbox, p => p.Notification.Id == "n1");
        var n2 = account.State.Outbox.Single(p => p.Notification.Id == "n2");
        Assert.Equal(["tablet"], n2.Recipients);
        Assert.True(n2.IsPendingFor("tablet"));
    }

    [Fact]
    public void The_outbox_is_bounded_by_the_outbox_limit_dropping_and_counting_the_oldest()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01", new SubscriptionOptions { OutboxLimit = 3 });
        account.AcceptNotified(Cmd.AddDevice("phone"));

        var drops = Enumerable.Range(1, 5).Select(i => RaisedBy(account.AcceptNotified(Cmd.LicencePack($"pack-{i}"))).DropOldest).ToList();

        Assert.Equal([0, 0, 0, 1, 1], drops);
        Assert.Equal(["n3", "n4", "n5"], account.State.Outbox.Select(p => p.Notification.Id));
        Assert.Equal(2, account.State.DroppedNotifications);
        Assert.Equal(5, account.State.NotificationSequence);
    }

    [Fact]
    public void The_clock_respects_the_outbox_limit_too()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01", new SubscriptionOptions { OutboxLimit = 2 });
        account.AcceptNotified(Cmd.AddDevice("phone"));

        account.RunClockUntil("2025-02-01");

        Assert.Equal(["n2", "n3"], account.State.Outbox.Select(p => Number(p.Notification.Id)));
        Assert.Equal(1, account.State.DroppedNotifications);
    }

    [Fact]
    public void Acknowledgement_by_the_only_recipient_removes_the_notification()
    {
        var account = TrialWithPhone();
        account.AcceptNotified(Cmd.LicencePack("pack-1"));

        var acked = account.AcceptSingle<AccountEvents.NotificationAcknowledged>(Cmd.Ack("phone", "n1"));

        Assert.Equal("n1", acked.NotificationId);
        Assert.Equal(new DeviceId("phone"), acked.DeviceId);
        Assert.Empty(account.State.Outbox);
    }

    [Fact]
    public void Acknowledgement_by_one_of_two_recipients_keeps_it_pending_only_for_the_other()
    {
        var account = TrialWithPhone();
        account.AcceptNotified(Cmd.AddDevice("tablet", Platform.Android));
        account.AcceptNotified(Cmd.LicencePack("pack-1"));

        account.Accept(Cmd.Ack("tablet", "n1"));

        var pending = Assert.Single(account.State.Outbox);
        Assert.True(pending.IsPendingFor("phone"));
        Assert.False(pending.IsPendingFor("tablet"));
        Assert.Equal(["tablet"], pending.AcknowledgedBy);

        account.Accept(Cmd.Ack("phone", "n1"));
        Assert.Empty(account.State.Outbox);
    }

    [Fact]
    public void Acknowledging_twice_is_a_no_op()
    {
        var account = TrialWithPhone();
        account.AcceptNotified(Cmd.AddDevice("tablet", Platform.Android));
        account.AcceptNotified(Cmd.LicencePack("pack-1"));
        account.Accept(Cmd.Ack("tablet", "n1"));

        account.AcceptAsNoOp(Cmd.Ack("tablet", "n1"));

        Assert.Equal(["tablet"], Assert.Single(account.State.Outbox).AcknowledgedBy);
    }

    [Fact]
    public void Acknowledging_a_removed_notification_again_is_a_no_op()
    {
        var account = TrialWithPhone();
        account.AcceptNotified(Cmd.LicencePack("pack-1"));
        account.Accept(Cmd.Ack("phone", "n1"));

        account.AcceptAsNoOp(Cmd.Ack("phone", "n1"));
    }

    [Fact]
    public void Acknowledging_an_unknown_id_is_a_no_op()
    {
        var account = TrialWithPhone();
        account.AcceptNotified(Cmd.LicencePack("pack-1"));

        account.AcceptAsNoOp(Cmd.Ack("phone", "n99"));
        account.AcceptAsNoOp(Cmd.Ack("phone", "N1"));

        Assert.Single(account.State.Outbox);
    }

    [Fact]
    public void A_device_that_was_not_a_recipient_cannot_acknowledge()
    {
        var account = TrialWithPhone();
        account.AcceptNotified(Cmd.LicencePack("pack-1"));
        account.AcceptNotified(Cmd.AddDevice("tablet", Platform.Android));

        account.AcceptAsNoOp(Cmd.Ack("tablet", "n1"));

        Assert.True(Assert.Single(account.State.Outbox).IsPendingFor("phone"));
    }

    [Fact]
    public void A_recipient_removed_later_no_longer_holds_the_notification_back()
    {
        var account = TrialWithPhone();
        account.AcceptNotified(Cmd.AddDevice("tablet", Platform.Android));
        account.AcceptNotified(Cmd.LicencePack("pack-1"));
        account.AcceptNotified(Cmd.RemoveDevice("tablet"));

        account.Accept(Cmd.Ack("phone", "n1"));

        Assert.Empty(account.State.Outbox);
    }

    /// <summary>The account's running number of a notification id (what the clock raises adds its kind and instant).</summary>
    private static string Number(string id) => id.Split('-')[0];
}
