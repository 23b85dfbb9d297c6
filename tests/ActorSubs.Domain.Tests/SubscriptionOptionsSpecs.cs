namespace ActorSubs.Domain.Tests;

/// <summary>The rule defaults are configuration (docs/rules.md, docs/configuration.md); Validate names the key of every bad value.</summary>
public sealed class SubscriptionOptionsSpecs
{
    [Fact]
    public void The_defaults_are_the_values_of_the_spec_and_are_valid()
    {
        var o = new SubscriptionOptions();

        Assert.Equal(TimeSpan.FromDays(14), o.TrialLength);
        Assert.Equal(TimeSpan.FromDays(14), o.RenewalWindow);
        Assert.Equal(TimeSpan.FromMinutes(5), o.ExpiredSessionLimit);
        Assert.Equal(TimeSpan.FromDays(7), o.BillingGrace);
        Assert.Equal([TimeSpan.FromDays(7), TimeSpan.FromDays(1)], o.ReminderLeads);
        Assert.Equal(5, o.HostsPerPack);
        Assert.Equal(3, o.PermanentLicenceExtensionMonths);
        Assert.Equal(TimeSpan.FromDays(7), o.LongestReminderLead);
        Assert.Empty(o.Validate());
        Assert.Equal("ActorSubs:Subscriptions", SubscriptionOptions.Section);
    }

    public static TheoryData<string, SubscriptionOptions> BadValues => new()
    {
        { "TrialLength", new SubscriptionOptions { TrialLength = TimeSpan.Zero } },
        { "TrialLength", new SubscriptionOptions { TrialLength = TimeSpan.FromDays(-1) } },
        { "RenewalWindow", new SubscriptionOptions { RenewalWindow = TimeSpan.Zero } },
        { "ExpiredSessionLimit", new SubscriptionOptions { ExpiredSessionLimit = TimeSpan.FromSeconds(-5) } },
        { "BillingGrace", new SubscriptionOptions { BillingGrace = TimeSpan.FromTicks(-1) } },
        { "ReminderLeads", new SubscriptionOptions { ReminderLeads = [TimeSpan.FromDays(7), TimeSpan.Zero] } },
        { "HostsPerPack", new SubscriptionOptions { HostsPerPack = 0 } },
        { "PermanentLicenceExtensionMonths", new SubscriptionOptions { PermanentLicenceExtensionMonths = 0 } },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Validate_names_the_configuration_key_of_a_bad_value(string key, SubscriptionOptions options)
    {
        var errors = options.Validate();

        var error = Assert.Single(errors);
        Assert.Contains($"ActorSubs:Subscriptions:{key}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_every_bad_value_not_only_the_first()
    {
        var options = new SubscriptionOptions { TrialLength = TimeSpan.Zero, HostsPerPack = -1 };

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("TrialLength", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("HostsPerPack", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zero_billing_grace_and_no_reminder_leads_are_valid()
    {
        var options = new SubscriptionOptions { BillingGrace = TimeSpan.Zero, ReminderLeads = [] };

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.Zero, options.LongestReminderLead);
    }

    [Fact]
    public void The_longest_reminder_lead_is_the_largest_whatever_the_order()
    {
        var options = new SubscriptionOptions { ReminderLeads = [TimeSpan.FromHours(1), TimeSpan.FromDays(3), TimeSpan.FromDays(1)] };

        Assert.Equal(TimeSpan.FromDays(3), options.LongestReminderLead);
    }
}
