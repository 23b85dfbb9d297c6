using ActorSubs.Domain;
using ActorSubs.Node.Configuration;
using ActorSubs.Node.Stores.AppStore;
using ActorSubs.Node.Stores.Cleverbridge;
using ActorSubs.Node.Stores.GooglePlay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// The store settings as the node binds them: product ids map to plans, a store left empty is simply not configured,
/// and one configured by halves stops the node naming the missing keys.
/// </summary>
public sealed class StoreOptionsSpecs
{
    private static T Bound<T>(params (string Key, string Value)[] values) where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddActorSubsOptions(new HostingEnvironment { EnvironmentName = Environments.Production })
            .BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    [Fact]
    public void Stores_left_empty_are_not_configured_and_do_not_stop_the_node()
    {
        Assert.False(Bound<AppStoreOptions>().IsConfigured);
        Assert.False(Bound<GooglePlayOptions>().IsConfigured);
        Assert.False(Bound<CleverbridgeOptions>().IsConfigured);
    }

    [Fact]
    public void Product_ids_with_dots_map_to_plans()
    {
        var play = Bound<GooglePlayOptions>(
            ("ActorSubs:Stores:GooglePlay:PushToken", "t"), ("ActorSubs:Stores:GooglePlay:PackageName", "com.example.access"),
            ("ActorSubs:Stores:GooglePlay:AccessToken", "a"),
            ("ActorSubs:Stores:GooglePlay:Products:access.monthly", "monthly"), ("ActorSubs:Stores:GooglePlay:Products:access.two-years", "biennial"));

        Assert.True(play.IsConfigured);
        Assert.Equal(Plan.Monthly, play.Products["access.monthly"]);
        Assert.Equal(Plan.Biennial, play.Products["access.two-years"]);
        Assert.Equal(new Uri("https://androidpublisher.googleapis.com/"), play.BaseUri);
    }

    [Fact]
    public void A_store_configured_by_halves_stops_the_node_naming_what_is_missing()
    {
        var cleverbridge = Assert.Throws<OptionsValidationException>(() => Bound<CleverbridgeOptions>(("ActorSubs:Stores:Cleverbridge:User", "cb")));
        var play = Assert.Throws<OptionsValidationException>(() => Bound<GooglePlayOptions>(("ActorSubs:Stores:GooglePlay:PushToken", "t")));
        var apple = Assert.Throws<OptionsValidationException>(() => Bound<AppStoreOptions>(
            ("ActorSubs:Stores:AppStore:BundleId", "com.example.access"), ("ActorSubs:Stores:AppStore:Environment", "Staging")));

        Assert.Contains("ActorSubs:Stores:Cleverbridge:Password is required", cleverbridge.Message);
        Assert.Contains("ActorSubs:Stores:Cleverbridge:SigningKey is required", cleverbridge.Message);
        Assert.Contains("ActorSubs:Stores:GooglePlay:AccessToken is required", play.Message);
        Assert.Contains("ActorSubs:Stores:AppStore:RootCertificates needs at least one file", apple.Message);
        Assert.Contains("ActorSubs:Stores:AppStore:Environment must be Production or Sandbox", apple.Message);
    }

    [Fact]
    public void A_root_certificate_path_that_names_no_file_stops_the_node()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-root-{Guid.NewGuid():N}.pem");

        var error = Assert.Throws<OptionsValidationException>(() => Bound<AppStoreOptions>(
            ("ActorSubs:Stores:AppStore:BundleId", "com.example.access"), ("ActorSubs:Stores:AppStore:RootCertificates:0", missing)));

        Assert.Contains($"ActorSubs:Stores:AppStore:RootCertificates:0 names no file ('{missing}')", error.Message);
    }

    [Fact]
    public void A_root_certificate_file_that_is_not_a_certificate_stops_the_node()
    {
        var file = Path.Combine(Path.GetTempPath(), $"not-a-root-{Guid.NewGuid():N}.pem");
        File.WriteAllText(file, "this is not a certificate");
        try
        {
            var error = Assert.Throws<OptionsValidationException>(() => Bound<AppStoreOptions>(
                ("ActorSubs:Stores:AppStore:BundleId", "com.example.access"), ("ActorSubs:Stores:AppStore:RootCertificates:0", file)));

            Assert.Contains("ActorSubs:Stores:AppStore:RootCertificates:0: App Store root certificate", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
