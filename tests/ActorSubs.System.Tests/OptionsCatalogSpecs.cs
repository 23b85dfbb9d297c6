using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using ActorSubs.Node.Configuration;
using ActorSubs.System.Tests.Support;

namespace ActorSubs.System.Tests;

/// <summary>The check the deployment specs rely on: it finds the node's options and rejects what they would not bind.</summary>
public sealed class OptionsCatalogSpecs
{
    [Fact]
    public void Every_options_type_the_node_binds_is_found_with_its_section()
    {
        Type[] bound = [typeof(ClusterSettings), typeof(PersistenceSettings), typeof(SubscriptionOptions), typeof(AdminOptions),
            typeof(ApiOptions), typeof(GatewayOptions), typeof(WakeupOptions), typeof(EntitySettings), typeof(PromptOptions)];
        foreach (var type in bound) Assert.Contains(type, OptionsCatalog.Sections.Values);
        Assert.Equal(typeof(ClusterSettings), OptionsCatalog.Sections[ClusterSettings.Section]);
    }

    [Theory]
    [InlineData("ActorSubs__Cluster__Port", "4053")]
    [InlineData("ActorSubs__Cluster__SeedNodes__0", "akka.tcp://actorsubs@node1:4053")]
    [InlineData("ActorSubs__Persistence__Provider", "PostgreSql")]
    [InlineData("ActorSubs__Subscriptions__ExpiredSessionLimit", "00:00:05")]
    [InlineData("actorsubs__admin__apikey", "any-key")]
    public void A_setting_the_node_binds_passes(string name, string value) =>
        Assert.Null(OptionsCatalog.Problem(name, value));

    [Theory]
    [InlineData("ActorSubs__Cluster__Hostnme", "node1", "no settable property 'Hostnme'")]
    [InlineData("ActorSubs__Clustre__Hostname", "node1", "no options type binds section ActorSubs:Clustre")]
    [InlineData("ActorSubs__Cluster__Port", "four", "is not a Int32")]
    [InlineData("ActorSubs__Persistence__Provider", "Oracle", "is not a PersistenceProvider")]
    [InlineData("ActorSubs__Cluster__SeedNodes", "akka.tcp://actorsubs@node1:4053", "is a list")]
    [InlineData("ActorSubs__Cluster__Port__0", "1", "is a value, not a section")]
    [InlineData("ActorSubs__Cluster", "x", "names a section")]
    public void A_setting_the_node_would_ignore_or_reject_is_reported(string name, string value, string expected)
    {
        var problem = OptionsCatalog.Problem(name, value);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void A_value_from_a_secret_or_the_pod_is_checked_by_name_only() =>
        Assert.Null(OptionsCatalog.Problem("ActorSubs__Cluster__Port", null));
}
