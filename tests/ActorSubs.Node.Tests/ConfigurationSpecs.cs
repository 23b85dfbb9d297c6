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

    [Fact]
    public void Failure_detection_timings_are_read_from_their_own_section()
    {
        var cluster = OptionsRegistration.Read<ClusterSettings>(Config(
            ("ActorSubs:Cluster:FailureDetection:StableAfter", "00:00:07"),
            ("ActorSubs:Cluster:FailureDetection:AcceptableHeartbeatPause", "00:00:04")), ClusterSettings.Section, o => o.Validate());

        Assert.Equal(TimeSpan.FromSeconds(7), cluster.FailureDetection.StableAfter);
        Assert.Equal(TimeSpan.FromSeconds(4), cluster.FailureDetection.AcceptableHeartbeatPause);
        Assert.Equal(new FailureDetectionSettings().DownRemovalMargin, cluster.FailureDetection.DownRemovalMargin);
    }

    [Theory]
    [InlineData("StableAfter", "00:00:00")]
    [InlineData("DownRemovalMargin", "00:00:00")]
    [InlineData("DownAllWhenUnstable", "-00:00:01")]
    [InlineData("AcceptableHeartbeatPause", "00:00:00.9")] // under twice the 500 ms heartbeat
    public void A_failure_detection_timing_that_would_fall_back_to_akka_or_trip_on_one_late_heartbeat_is_refused(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => OptionsRegistration.Read<ClusterSettings>(
            Config(($"ActorSubs:Cluster:FailureDetection:{key}", value)), ClusterSettings.Section, o => o.Validate()));

        Assert.Contains($"ActorSubs:Cluster:FailureDetection:{key}", error.Message);
    }
}
