using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;
using ActorSubs.Node.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Tests;

public sealed class ConfigurationSpecs
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void Configured_reminder_leads_replace_the_defaults_rather_than_adding_to_them()
    {
        var options = OptionsRegistration.Read<SubscriptionOptions>(
            Config(("ActorSubs:Subscriptions:ReminderLeads:0", "3.00:00:00")), SubscriptionOptions.Section, o => o.Validate());

        Assert.Equal([TimeSpan.FromDays(3)], options.ReminderLeads);
    }

    [Fact]
    public void Without_configuration_the_defaults_of_the_spec_apply()
    {
        var options = OptionsRegistration.Read<SubscriptionOptions>(Config(), SubscriptionOptions.Section, o => o.Validate());

        Assert.Equal([TimeSpan.FromDays(7), TimeSpan.FromDays(1)], options.ReminderLeads);
        Assert.Equal(TimeSpan.FromDays(14), options.TrialLength);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ExpiredSessionLimit);
    }

    [Fact]
    public void A_bad_value_stops_start_up_with_a_message_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => OptionsRegistration.Read<SubscriptionOptions>(
            Config(("ActorSubs:Subscriptions:TrialLength", "-1.00:00:00")), SubscriptionOptions.Section, o => o.Validate()));

        Assert.Contains("ActorSubs:Subscriptions:TrialLength", error.Message);
    }

    [Fact]
    public void An_unknown_persistence_provider_is_refused_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OptionsRegistration.Read<PersistenceSettings>(
            Config(("ActorSubs:Persistence:Provider", "Oracle")), PersistenceSettings.Section, o => o.Validate()));

        Assert.Contains("Provider", error.Message);
    }
}
