using System.Collections.Immutable;

namespace ActorSubs.Domain;

public sealed record Host(HostId Id, string Name, string TokenHash, DateTimeOffset AddedAt);

public sealed record Device(DeviceId Id, Platform Platform, string Name, string TokenHash, DateTimeOffset AddedAt);

public sealed record Licence(LicenceKey Key, LicenceProduct Product, DateTimeOffset RegisteredAt);

/// <summary>A store transaction the account has seen (R14 in docs/rules.md): what it bought and whether it was refunded.</summary>
public sealed record Transaction(
    TransactionId Id, TransactionKind Kind, Plan? Plan, Channel? Channel, DateTimeOffset? PeriodStart,
    DateTimeOffset? PeriodEnd, DateTimeOffset? PreviousExpiresAt, bool Refunded)
{
    /// <summary>Reported by a store notification (its period end is the store's expiry), not bought through the API.</summary>
    public bool ReportedByStore { get; init; }
}

/// <summary>
/// Everything one account owns, immutable. Only <see cref="Apply"/> makes the next state, and it never
/// fails: every check happened in <see cref="AccountDecider.Decide"/> before the event was written.
/// </summary>
public sealed record AccountState
{
    public required AccountId Id { get; init; }
    public required string Email { get; init; }
    public required string ApiKeyHash { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public Tier Tier { get; init; } = Tier.Trial;
    /// <summary>The tier the account falls back to when every paid period is refunded (trial or free).</summary>
    public Tier UnpaidTier { get; init; } = Tier.Trial;
    public Plan? Plan { get; init; }
    public Channel? Channel { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public bool AutoRenew { get; init; }
    public int LicencePacks { get; init; }

    public ImmutableDictionary<string, Host> Hosts { get; init; } = ImmutableDictionary<string, Host>.Empty;
    public ImmutableDictionary<string, Device> Devices { get; init; } = ImmutableDictionary<string, Device>.Empty;
    public ImmutableList<Licence> Licences { get; init; } = ImmutableList<Licence>.Empty;
    public ImmutableDictionary<string, Transaction> Transactions { get; init; } =
        ImmutableDictionary<string, Transaction>.Empty;

    /// <summary>R13: notifications not yet acknowledged by every device they were meant for, oldest first.</summary>
    public ImmutableList<PendingNotification> Outbox { get; init; } = ImmutableList<PendingNotification>.Empty;
    public int NotificationSequence { get; init; }
    public long DroppedNotifications { get; init; }

    /// <summary>
    /// The latest expiry announced with subscription-expired. Cleared when a purchase, renewal, extension or
    /// operator adjustment makes the subscription live again, so a later lapse (even back to an old expiry,
    /// after a refund) is announced; while set, no expiry at or before it is announced twice.
    /// </summary>
    public DateTimeOffset? ExpiryNotifiedFor { get; init; }
    /// <summary>The expiry that expiring-soon reminders were raised for, and the smallest lead raised.</summary>
    public DateTimeOffset? RemindedExpiry { get; init; }
    public TimeSpan? SmallestLeadReminded { get; init; }

    /// <summary>R9: auto-renew attempts made for the expiry <see cref="RenewalAttemptsFor"/>.</summary>
    public DateTimeOffset? RenewalAttemptsFor { get; init; }
    public int RenewalAttempts { get; init; }
    public DateTimeOffset? NextRenewalAttemptAt { get; init; }

    /// <summary>The next due instant the wake-up index has been told of (<see cref="AccountEvents.WakeupScheduled"/>).</summary>
    public DateTimeOffset? ScheduledWakeup { get; init; }

    /// <summary>What the account remembers of store notifications (dedupe, newest facts, tombstones).</summary>
    public StoreLedger Store { get; init; } = StoreLedger.Empty;

    public static AccountState Create(AccountEvents.AccountCreated e) => new()
    {
        Id = e.AccountId,
        Email = e.Email,
        ApiKeyHash = e.ApiKeyHash,
        CreatedAt = e.At,
        ExpiresAt = e.TrialEndsAt,
    };

    /// <summary>R5, R8: one pack of hosts for the subscription, one per pack bought, one per Desktop Pro licence.</summary>
    public int HostLimit(SubscriptionOptions o) =>
        o.HostsPerPack * (1 + LicencePacks + Licences.Count(l => l.Product == LicenceProduct.DesktopProSubscription));

    /// <summary>R3: when a paid subscription may next be bought; trial and free may buy at any time.</summary>
    public DateTimeOffset? RenewalOpensAt(SubscriptionOptions o) => Tier == Tier.Paid ? ExpiresAt - o.RenewalWindow : null;

    /// <summary>R9, R10: where the subscription stands at <paramref name="now"/>.</summary>
    public SubscriptionStatus Status(DateTimeOffset now, SubscriptionOptions o) =>
        now < ExpiresAt - o.LongestReminderLead ? SubscriptionStatus.Active
        : now < ExpiresAt ? SubscriptionStatus.Expiring
        : now < AccountTimeline.ServiceEndsAt(this, o) ? SubscriptionStatus.Grace
        : SubscriptionStatus.Expired;

    public AccountState Apply(IAccountEvent @event) => @event switch
    {
        AccountEvents.Purchased e =>
            WithPaidPeriod(new Transaction(e.TransactionId, TransactionKind.Purchase, e.Plan, e.Channel, e.PeriodStart, e.PeriodEnd,
                e.PreviousExpiresAt, Refunded: false)) with { AutoRenew = e.AutoRenew },
        AccountEvents.AutoRenewChanged e => this with { AutoRenew = e.Enabled },
        AccountEvents.LicenceRegistered e => this with
        {
            ExpiresAt = e.ExpiresAt,
            ExpiryNotifiedFor = e.ExpiresAt > ExpiresAt ? null : ExpiryNotifiedFor,
            Licences = Licences.Add(new Licence(e.Key, e.Product, e.At)),
        },
        AccountEvents.LicencePackPurchased e => this with
        {
            LicencePacks = LicencePacks + 1,
            Transactions = Transactions.SetItem(e.TransactionId.Value, new Transaction(
                e.TransactionId, TransactionKind.LicencePack, null, null, null, null, null, Refunded: false)),
        },
        AccountEvents.HostAdded e => this with { Hosts = Hosts.SetItem(e.HostId.Value, new Host(e.HostId, e.Name, e.TokenHash, e.At)) },
        AccountEvents.HostRemoved e => this with { Hosts = Hosts.Remove(e.HostId.Value) },
        AccountEvents.DeviceAdded e => this with
        {
            Devices = Devices.SetItem(e.DeviceId.Value, new Device(e.DeviceId, e.Platform, e.Name, e.TokenHash, e.At)),
        },
        AccountEvents.DeviceRemoved e => ApplyDeviceRemoved(e),
        AccountEvents.Refunded e => ApplyRefund(e),
        AccountEvents.SubscriptionAdjusted e =>
            WithTerms(new(e.Tier, e.Plan, e.Channel, e.ExpiresAt, e.Tier == Tier.Paid && AutoRenew)) with
            {
                ExpiryNotifiedFor = null,
                UnpaidTier = e.Tier == Tier.Paid ? UnpaidTier : e.Tier,
            },
        AccountEvents.NotificationRaised e => ApplyNotification(e),
        AccountEvents.NotificationAcknowledged e => ApplyAcknowledgement(e),
        AccountEvents.RenewalCharged e =>
            WithPaidPeriod(new Transaction(e.TransactionId, TransactionKind.Purchase, e.Plan, e.Channel, e.PeriodStart, e.PeriodEnd,
                e.PeriodStart, Refunded: false)),
        AccountEvents.RenewalDeclined e => this with
        {
            RenewalAttemptsFor = ExpiresAt,
            RenewalAttempts = e.Attempt,
            NextRenewalAttemptAt = e.NextAttemptAt,
        },
        AccountEvents.WakeupScheduled e => this with { ScheduledWakeup = e.DueAt },
        AccountEvents.StoreNotificationSeen e => this with { Store = Store.Remember(e.NotificationId) },
        AccountEvents.StorePeriodRecorded e => ApplyStorePeriod(e),
        AccountEvents.StoreAutoRenewReported e => this with { AutoRenew = e.AutoRenew, Store = Store with { AutoRenew = e.Report } },
        AccountEvents.StoreBillingReported e => this with { Store = Store with { Billing = e.Report } },
        AccountEvents.StoreRevocationNoted e => this with
        {
            Store = Store with { RevokedUnseen = Store.RevokedUnseen.SetItem(e.TransactionId.Value, e.OccurredAt) },
        },
        AccountEvents.AccountCreated => this,
        _ => throw new ArgumentException($"unknown account event {@event.GetType().Name}", nameof(@event)),
    };

    private AccountState WithTerms(SubscriptionTerms terms) => this with
    {
        Tier = terms.Tier,
        Plan = terms.Plan,
        Channel = terms.Channel,
        ExpiresAt = terms.ExpiresAt,
        AutoRenew = terms.AutoRenew,
    };

    /// <summary>A paid period bought or renewed: the subscription is paid and live until its end.</summary>
    private AccountState WithPaidPeriod(Transaction period) => this with
    {
        Tier = Tier.Paid,
        Plan = period.Plan,
        Channel = period.Channel,
        ExpiresAt = period.PeriodEnd!.Value,
        ExpiryNotifiedFor = null,
        Transactions = Transactions.SetItem(period.Id.Value, period),
    };

    private AccountState ApplyNotification(AccountEvents.NotificationRaised e)
    {
        var outbox = Outbox.RemoveRange(0, Math.Min(e.DropOldest, Outbox.Count));
        if (e.Recipients.Length > 0) outbox = outbox.Add(new PendingNotification(e.Notification, e.Recipients, []));
        var next = this with
        {
            Outbox = outbox,
            NotificationSequence = NotificationSequence + 1,
            DroppedNotifications = DroppedNotifications + e.DropOldest,
        };
        return e.Notification.Kind switch
        {
            NotificationKind.ExpiringSoon => next with { RemindedExpiry = e.Notification.Data.ExpiresAt, SmallestLeadReminded = e.Notification.Data.Lead },
            NotificationKind.SubscriptionExpired => next with { ExpiryNotifiedFor = e.Notification.Data.ExpiresAt },
            _ => next,
        };
    }

    /// <summary>A removed device no longer holds notifications back; those nobody else awaits leave the outbox.</summary>
    private AccountState ApplyDeviceRemoved(AccountEvents.DeviceRemoved e)
    {
        var id = e.DeviceId.Value;
        var outbox = Outbox
            .Select(p => p.Recipients.Contains(id) ? p with { Recipients = p.Recipients.Where(r => r != id).ToArray() } : p)
            .Where(p => p.Recipients.Any(r => !p.AcknowledgedBy.Contains(r)))
            .ToImmutableList();
        return this with { Devices = Devices.Remove(id), Outbox = outbox };
    }

    private AccountState ApplyAcknowledgement(AccountEvents.NotificationAcknowledged e)
    {
        var index = Outbox.FindIndex(p => p.Notification.Id == e.NotificationId);
        if (index < 0) return this;
        var pending = Outbox[index];
        var acknowledged = pending with { AcknowledgedBy = [.. pending.AcknowledgedBy, e.DeviceId.Value] };
        // Done once every recipient that is still registered has seen it.
        var done = acknowledged.Recipients.All(r => acknowledged.AcknowledgedBy.Contains(r) || !Devices.ContainsKey(r));
        return this with { Outbox = done ? Outbox.RemoveAt(index) : Outbox.SetItem(index, acknowledged) };
    }

    private AccountState ApplyStorePeriod(AccountEvents.StorePeriodRecorded e)
    {
        var period = new Transaction(e.TransactionId, TransactionKind.Purchase, e.Plan, e.Channel, e.PeriodStart, e.PeriodEnd,
            e.UnpaidExpiresAt ?? e.PeriodStart, e.Revoked) { ReportedByStore = true };
        return WithTerms(e.Result) with
        {
            ExpiryNotifiedFor = e.Result.ExpiresAt > ExpiresAt ? null : ExpiryNotifiedFor,
            Transactions = Transactions.SetItem(e.TransactionId.Value, period),
            Store = Store with
            {
                RevokedUnseen = Store.RevokedUnseen.Remove(e.TransactionId.Value),
                UnpaidExpiresAt = e.UnpaidExpiresAt,
                Billing = e.Billing ?? Store.Billing,
            },
        };
    }

    private AccountState ApplyRefund(AccountEvents.Refunded e)
    {
        var tx = Transactions[e.TransactionId.Value];
        return WithTerms(new(e.Tier, e.Plan, e.Channel, e.ExpiresAt, e.AutoRenew)) with
        {
            LicencePacks = tx.Kind == TransactionKind.LicencePack ? LicencePacks - 1 : LicencePacks,
            Transactions = Transactions.SetItem(tx.Id.Value, tx with { Refunded = true }),
        };
    }
}
