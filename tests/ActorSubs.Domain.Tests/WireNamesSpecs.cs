using System.Text.RegularExpressions;

namespace ActorSubs.Domain.Tests;

/// <summary>docs/api.md: enum values on the wire are exact kebab-case strings.</summary>
public sealed partial class WireNamesSpecs
{
    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex KebabCase();

    private static void AssertRoundTripsEveryValue<TEnum>() where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var wire = WireNames.Of(value);

            Assert.Matches(KebabCase(), wire);
            Assert.True(WireNames.TryParse<TEnum>(wire, out var parsed), $"'{wire}' does not parse as {typeof(TEnum).Name}");
            Assert.Equal(value, parsed);
        }
        Assert.Equal(Enum.GetValues<TEnum>().Select(v => WireNames.Of(v)), WireNames.All<TEnum>());
    }

    [Fact]
    public void Every_enum_value_round_trips_through_its_kebab_case_wire_name()
    {
        AssertRoundTripsEveryValue<Tier>();
        AssertRoundTripsEveryValue<Plan>();
        AssertRoundTripsEveryValue<Channel>();
        AssertRoundTripsEveryValue<SubscriptionStatus>();
        AssertRoundTripsEveryValue<Platform>();
        AssertRoundTripsEveryValue<LicenceProduct>();
        AssertRoundTripsEveryValue<TransactionKind>();
    }

    [Fact]
    public void The_wire_names_are_those_of_the_spec()
    {
        Assert.Equal(["app-store", "google-play", "web"], WireNames.All<Channel>());
        Assert.Equal(["monthly", "annual", "biennial"], WireNames.All<Plan>());
        Assert.Equal(["trial", "free", "paid"], WireNames.All<Tier>());
        Assert.Equal(["active", "expiring", "grace", "expired"], WireNames.All<SubscriptionStatus>());
        Assert.Equal(["ios", "android", "web"], WireNames.All<Platform>());
        Assert.Equal(["desktop-pro-subscription", "desktop-permanent"], WireNames.All<LicenceProduct>());
        Assert.Equal("licence-pack", WireNames.Of(TransactionKind.LicencePack));
    }

    [Theory]
    [InlineData("AppStore")]
    [InlineData("App-Store")]
    [InlineData("APP-STORE")]
    [InlineData("appstore")]
    [InlineData("app_store")]
    [InlineData(" app-store")]
    [InlineData("app-store ")]
    [InlineData("apple")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_or_miscased_channel_text_is_rejected(string? text)
    {
        var ok = WireNames.TryParse<Channel>(text, out var value);

        Assert.False(ok);
        Assert.Equal(default, value);
    }

    [Theory]
    [InlineData("Monthly")]
    [InlineData("yearly")]
    [InlineData("0")]
    [InlineData("1")]
    public void Unknown_miscased_or_numeric_plan_text_is_rejected(string text)
    {
        Assert.False(WireNames.TryParse<Plan>(text, out _));
    }

    [Theory]
    [InlineData("DesktopProSubscription", "desktop-pro-subscription")]
    [InlineData("GooglePlay", "google-play")]
    [InlineData("Ios", "ios")]
    public void Kebab_turns_pascal_case_into_lower_case_words_joined_by_hyphens(string pascal, string expected)
    {
        Assert.Equal(expected, WireNames.Kebab(pascal));
    }
}
