namespace ActorSubs.Domain;

/// <summary>
/// The rule defaults (docs/rules.md, docs/configuration.md), bound from configuration section <c>ActorSubs:Subscriptions</c>.
/// Nothing in the rules reads a constant: every length and count comes from here.
/// </summary>
public sealed record SubscriptionOptions
{
    public const string Section = "ActorSubs:Subscriptions";

    /// <summary>R1: length of the trial a new account starts.</summary>
    public TimeSpan TrialLength { get; init; } = TimeSpan.FromDays(14);

    /// <summary>R3: how long before expiry a paid subscription may be bought again.</summary>
    public TimeSpan RenewalWindow { get; init; } = TimeSpan.FromDays(14);

    /// <summary>R10: how long a device session lasts once the subscription has expired.</summary>
    public TimeSpan ExpiredSessionLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>R9: how long service is kept while a failed auto-renew charge is retried.</summary>
    public TimeSpan BillingGrace { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// R13: how long before expiry the expiring-soon notifications go out. Settable: after binding, the node puts the
    /// configured leads in place of the default, which the binder would append them to.
    /// </summary>
    public TimeSpan[] ReminderLeads { get; set; } = [TimeSpan.FromDays(7), TimeSpan.FromDays(1)];

    /// <summary>R5, R8: hosts allowed per subscription, per licence pack and per Desktop Pro licence.</summary>
    public int HostsPerPack { get; init; } = 5;

    /// <summary>R6: months a Parallels Desktop permanent licence adds to a paid subscription.</summary>
    public int PermanentLicenceExtensionMonths { get; init; } = 3;

    /// <summary>R9: time between auto-renew charge attempts during the billing grace period.</summary>
    public TimeSpan RenewalRetryInterval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// R9: while a due auto-renew charge has no recorded result, the account looks again this often, so a charge
    /// lost to a crash is made again soon rather than at the next reminder or at the end of the grace period.
    /// </summary>
    public TimeSpan ChargeResultRecheck { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>R13: notifications kept per account for offline devices; beyond it the oldest are dropped and counted.</summary>
    public int OutboxLimit { get; init; } = 100;

    /// <summary>The longest reminder lead: from then on a live subscription reads as <c>expiring</c>.</summary>
    public TimeSpan LongestReminderLead => ReminderLeads.Length == 0 ? TimeSpan.Zero : ReminderLeads.Max();

    /// <summary>Every problem with the values, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero) errors.Add($"{Section}:{key} must be a positive duration (was {value}).");
        }
        Positive(TrialLength, nameof(TrialLength));
        Positive(RenewalWindow, nameof(RenewalWindow));
        Positive(ExpiredSessionLimit, nameof(ExpiredSessionLimit));
        if (BillingGrace < TimeSpan.Zero) errors.Add($"{Section}:{nameof(BillingGrace)} must not be negative (was {BillingGrace}).");
        foreach (var lead in ReminderLeads)
            Positive(lead, nameof(ReminderLeads));
        Positive(RenewalRetryInterval, nameof(RenewalRetryInterval));
        Positive(ChargeResultRecheck, nameof(ChargeResultRecheck));
        if (OutboxLimit < 1) errors.Add($"{Section}:{nameof(OutboxLimit)} must be at least 1 (was {OutboxLimit}).");
        if (HostsPerPack < 1) errors.Add($"{Section}:{nameof(HostsPerPack)} must be at least 1 (was {HostsPerPack}).");
        if (PermanentLicenceExtensionMonths < 1)
            errors.Add($"{Section}:{nameof(PermanentLicenceExtensionMonths)} must be at least 1 (was {PermanentLicenceExtensionMonths}).");
        return errors;
    }
}
