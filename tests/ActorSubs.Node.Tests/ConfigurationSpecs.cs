using System.Collections;
using System.Reflection;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;
using ActorSubs.Node.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Tests;

/// <summary>Each section is bound once, by the node's own registration, and a bad value stops the node at start naming its key.</summary>
public sealed class ConfigurationSpecs
{
    /// <summary>A section as the node's container binds and validates it (<see cref="OptionsRegistration.AddActorSubsOptions"/>).</summary>
    private static T Bound<T>(params (string Key, string Value)[] values) where T : class
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddActorSubsOptions(new HostingEnvironment { EnvironmentName = Environments.Production });
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    [Fact]
    public void Configured_reminder_leads_replace_the_defaults_rather_than_adding_to_them()
    {
        var one = Bound<SubscriptionOptions>(("ActorSubs:Subscriptions:ReminderLeads:0", "3.00:00:00"));
        var two = Bound<SubscriptionOptions>(
            ("ActorSubs:Subscriptions:ReminderLeads:0", "00:00:04"), ("ActorSubs:Subscriptions:ReminderLeads:1", "00:00:02"));

        Assert.Equal([TimeSpan.FromDays(3)], one.ReminderLeads);
        Assert.Equal([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)], two.ReminderLeads);
    }

    [Fact]
    public void Without_configuration_the_defaults_of_the_spec_apply()
    {
        var options = Bound<SubscriptionOptions>();

        Assert.Equal([TimeSpan.FromDays(7), TimeSpan.FromDays(1)], options.ReminderLeads);
        Assert.Equal(TimeSpan.FromDays(14), options.TrialLength);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ExpiredSessionLimit);
    }

    [Fact]
    public void Configured_seed_nodes_and_roles_are_exactly_the_configured_ones()
    {
        var cluster = Bound<ClusterSettings>(
            ("ActorSubs:Cluster:SeedNodes:0", "akka.tcp://actorsubs@node1:4053"), ("ActorSubs:Cluster:Roles:0", "api"));

        Assert.Equal(["akka.tcp://actorsubs@node1:4053"], cluster.SeedNodes);
        Assert.Equal(["api"], cluster.Roles);
    }

    /// <summary>
    /// The binder appends configured list items to a default list, so a list with a default needs its own handling
    /// (ReminderLeads, in <see cref="OptionsRegistration"/>). This catches a new one that would silently add up.
    /// </summary>
    [Fact]
    public void Only_the_reminder_leads_default_to_a_list_that_is_not_empty()
    {
        var nonEmpty = OptionsTypes()
            .SelectMany(type => NonEmptyLists(type.Name, Activator.CreateInstance(type)!))
            .ToList();

        Assert.Equal([$"{nameof(SubscriptionOptions)}.{nameof(SubscriptionOptions.ReminderLeads)}"], nonEmpty);
    }

    [Fact]
    public void A_bad_value_is_refused_with_a_message_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Bound<SubscriptionOptions>(("ActorSubs:Subscriptions:TrialLength", "-1.00:00:00")));

        Assert.Contains("ActorSubs:Subscriptions:TrialLength", error.Message);
    }

    [Fact]
    public void An_unknown_persistence_provider_is_refused_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Bound<PersistenceSettings>(("ActorSubs:Persistence:Provider", "Oracle")));

        Assert.Contains("ActorSubs:Persistence:Provider", error.Message);
    }

    [Fact]
    public void Failure_detection_timings_are_read_from_their_own_section()
    {
        var cluster = Bound<ClusterSettings>(
            ("ActorSubs:Cluster:FailureDetection:StableAfter", "00:00:07"),
            ("ActorSubs:Cluster:FailureDetection:AcceptableHeartbeatPause", "00:00:04"));

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
        var error = Assert.Throws<OptionsValidationException>(() =>
            Bound<ClusterSettings>(($"ActorSubs:Cluster:FailureDetection:{key}", value)));

        Assert.Contains($"ActorSubs:Cluster:FailureDetection:{key}", error.Message);
    }

    /// <summary>
    /// The whole node, as Program.cs builds it, refuses to start. The cluster and wake-up sections are read by the actor
    /// system's set-up and the API section by Kestrel's options, all from the container, so each is validated there too.
    /// </summary>
    [Theory]
    [InlineData("ActorSubs:Cluster:Port", "70000")]
    [InlineData("ActorSubs:Api:MaxBodyBytes", "10")]
    [InlineData("ActorSubs:Wakeups:BucketSize", "00:00:00")]
    [InlineData("ActorSubs:Persistence:JournalWriteQueue", "10")]
    [InlineData("ActorSubs:Entities:TimelineWritesInFlight", "0")]
    [InlineData("ActorSubs:Entities:PreciseTimerLead", "00:00:02")]
    [InlineData("ActorSubs:Wakeups:WarmUpLead", "00:05:00")] // longer than the 2-minute ActivationLead: never loaded that early
    [InlineData("ActorSubs:Admin:ApiKey", "short")]
    [InlineData("ActorSubs:RateLimits:SignUp:PermitLimit", "0")]
    [InlineData("ActorSubs:RateLimits:FailedAuthentication:Window", "00:00:00")]
    public async Task A_node_with_a_bad_value_does_not_start_and_says_which_key(string key, string value)
    {
        using var database = TestDatabase.Sqlite();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ActorSubs:Cluster:Port"] = "0",
            ["ActorSubs:Admin:ApiKey"] = TestKeys.Operator,
            ["ActorSubs:Payments:Provider"] = "Simulated",
            ["ActorSubs:Persistence:Provider"] = database.Provider,
            ["ActorSubs:Persistence:ConnectionString"] = database.ConnectionString,
            [key] = value,
        });
        builder.Logging.ClearProviders();
        builder.AddActorSubsNode();
        WebApplication? app = null;

        // Program.cs: Build, UseActorSubsNode, Run. Mapping the health routes already builds the actor system's set-up
        // (Akka.Hosting registers its checks from it), so the refusal may come from there rather than from the start.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            app = builder.Build();
            app.UseActorSubsNode();
            await app.StartAsync();
        });
        if (app is not null) await app.DisposeAsync();

        Assert.Contains(key, error.Message);
    }

    private static IEnumerable<Type> OptionsTypes() =>
        new[] { typeof(SubscriptionOptions).Assembly, typeof(ClusterSettings).Assembly, typeof(AdminOptions).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                        && field.GetRawConstantValue() is string section && section.StartsWith("ActorSubs:", StringComparison.Ordinal));

    /// <summary>Settable list properties whose default is not empty, nested option records included (<c>Cluster.FailureDetection</c>).</summary>
    private static IEnumerable<string> NonEmptyLists(string path, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true }) continue;
            var value = property.GetValue(options);
            if (value is IEnumerable list and not string)
            {
                if (list.Cast<object>().Any()) yield return $"{path}.{property.Name}";
            }
            else if (value is not null && property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                foreach (var nested in NonEmptyLists($"{path}.{property.Name}", value)) yield return nested;
            }
        }
    }
}
