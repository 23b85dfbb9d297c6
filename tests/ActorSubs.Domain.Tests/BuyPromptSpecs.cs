using ActorSubs.Domain.Tests.Support;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// R11: the buy prompt an expired account's device gets. iOS → the App Store (Apple handles questions and refunds);
/// Android → manage auto-renew on the account page when auto-renew is off, else buy on the Access page;
/// web → Buy subscription on the account page (monthly or annual, processed by Cleverbridge).
/// </summary>
public sealed class BuyPromptSpecs
{
    private static readonly PromptOptions Defaults = new();

    private static BuyPrompt PromptFor(Platform platform, AccountFixture account, PromptOptions? options = null) =>
        BuyPrompts.For(platform, account.State, options ?? Defaults);

    private static AccountFixture Expired(AccountFixture account) => account.MoveTo(account.ExpiresAt + TimeSpan.FromDays(30));

    [Theory]
    [InlineData(null)]
    [InlineData(Channel.AppStore)]
    [InlineData(Channel.GooglePlay)]
    [InlineData(Channel.Web)]
    public void On_ios_the_prompt_is_to_buy_in_the_app_store_with_apple_handling_questions_and_refunds(Channel? channel)
    {
        var account = channel is { } c ? AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, c) : AccountFixture.SignedUpAt("2025-01-01");

        var prompt = PromptFor(Platform.Ios, Expired(account));

        Assert.Equal("buy-in-app-store", prompt.Action);
        Assert.Null(prompt.Url);
        Assert.Equal(["monthly", "annual"], prompt.Products!);
        Assert.Contains("App Store", prompt.Message, StringComparison.Ordinal);
        Assert.Contains("refunds are handled by Apple", prompt.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Channel.GooglePlay)]
    [InlineData(Channel.Web)]
    public void On_android_a_paid_subscription_with_auto_renew_off_is_prompted_to_manage_auto_renew_on_the_account_page(Channel channel)
    {
        var account = Expired(AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, channel));
        Assert.False(account.State.AutoRenew);

        var prompt = PromptFor(Platform.Android, account);

        Assert.Equal("manage-auto-renew", prompt.Action);
        Assert.Equal("https://my.parallels.com/account/acc-1", prompt.Url);
        Assert.Null(prompt.Products);
        Assert.Contains("auto-renew", prompt.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_account_id_is_escaped_into_the_account_page_url()
    {
        var account = Expired(AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.GooglePlay));
        var state = account.State with { Id = new AccountId("jane@example.com") };

        var prompt = BuyPrompts.For(Platform.Android, state, Defaults);

        Assert.Equal("https://my.parallels.com/account/jane%40example.com", prompt.Url);
    }

    [Fact]
    public void The_account_page_url_comes_from_the_options_with_every_placeholder_replaced()
    {
        var options = new PromptOptions { AccountPageUrl = "https://shop.example.test/u/{accountId}/settings?back={accountId}" };
        var account = Expired(AccountFixture.PaidFrom("2025-01-01", Plan.Annual, Channel.Web));

        Assert.Equal("https://shop.example.test/u/acc-1/settings?back=acc-1", PromptFor(Platform.Android, account, options).Url);
        Assert.Equal("https://shop.example.test/u/acc-1/settings?back=acc-1", PromptFor(Platform.Web, account, options).Url);
    }

    [Fact]
    public void On_android_a_trial_is_prompted_to_buy_a_subscription_on_the_access_page()
    {
        var account = Expired(AccountFixture.SignedUpAt("2025-01-01"));

        var prompt = PromptFor(Platform.Android, account);

        Assert.Equal("buy-subscription", prompt.Action);
        Assert.Equal("https://my.parallels.com/access/acc-1", prompt.Url);
        Assert.Contains("Parallels Access page", prompt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void On_android_a_free_subscription_is_prompted_to_buy_a_subscription_on_the_access_page()
    {
        var account = AccountFixture.SignedUpAt("2025-01-01");
        account.Accept(Cmd.Adjust(At.Utc(2025, 2, 1), Tier.Free));

        var prompt = PromptFor(Platform.Android, Expired(account));

        Assert.Equal("buy-subscription", prompt.Action);
        Assert.Equal("https://my.parallels.com/access/acc-1", prompt.Url);
    }

    [Fact]
    public void The_access_page_url_comes_from_the_options()
    {
        var options = new PromptOptions { AccessPageUrl = "https://access.example.test/{accountId}" };
        var account = Expired(AccountFixture.SignedUpAt("2025-01-01"));

        Assert.Equal("https://access.example.test/acc-1", PromptFor(Platform.Android, account, options).Url);
    }

    [Fact]
    public void On_android_a_paid_app_store_subscription_is_prompted_to_buy_a_subscription_on_the_access_page()
    {
        var account = Expired(AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.AppStore));

        var prompt = PromptFor(Platform.Android, account);

        Assert.Equal("buy-subscription", prompt.Action);
        Assert.Equal("https://my.parallels.com/access/acc-1", prompt.Url);
    }

    // An auto-renewing subscription that still lapsed (every charge declined): auto-renew is not "off", so the code
    // offers buy-subscription on the Access page rather than the auto-renew settings.
    [Fact]
    public void On_android_a_paid_subscription_with_auto_renew_on_that_lapsed_is_prompted_to_buy_on_the_access_page()
    {
        var account = AccountFixture.PaidFrom("2025-01-01", Plan.Monthly, Channel.GooglePlay);
        account.Accept(Cmd.AutoRenew(true));

        var prompt = PromptFor(Platform.Android, account.MoveTo("2025-03-01"));

        Assert.Equal("buy-subscription", prompt.Action);
        Assert.Equal("https://my.parallels.com/access/acc-1", prompt.Url);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Channel.AppStore)]
    [InlineData(Channel.GooglePlay)]
    [InlineData(Channel.Web)]
    public void On_the_web_the_prompt_is_buy_subscription_on_the_account_page_with_monthly_and_annual(Channel? channel)
    {
        var account = channel is { } c ? AccountFixture.PaidFrom("2025-01-01", Plan.Biennial, c) : AccountFixture.SignedUpAt("2025-01-01");

        var prompt = PromptFor(Platform.Web, Expired(account));

        Assert.Equal("buy-subscription", prompt.Action);
        Assert.Equal("https://my.parallels.com/account/acc-1", prompt.Url);
        Assert.Equal(["monthly", "annual"], prompt.Products!);
        Assert.Contains("Buy subscription", prompt.Message, StringComparison.Ordinal);
        Assert.Contains("Cleverbridge", prompt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_prompt_options_are_valid()
    {
        Assert.Empty(Defaults.Validate());
    }

    [Theory]
    [InlineData("account/{accountId}")]
    [InlineData("my.parallels.com/account/{accountId}")]
    [InlineData("")]
    public void A_relative_account_page_url_is_rejected_naming_the_key(string url)
    {
        var error = Assert.Single(new PromptOptions { AccountPageUrl = url }.Validate());

        Assert.Contains("ActorSubs:Prompts:AccountPageUrl", error, StringComparison.Ordinal);
        Assert.Contains("absolute URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_access_page_url_is_rejected_naming_that_key_only()
    {
        var error = Assert.Single(new PromptOptions { AccessPageUrl = "access/{accountId}" }.Validate());

        Assert.Contains("ActorSubs:Prompts:AccessPageUrl", error, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountPageUrl", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_relative_urls_give_one_error_each()
    {
        var errors = new PromptOptions { AccountPageUrl = "a/{accountId}", AccessPageUrl = "b/{accountId}" }.Validate();

        Assert.Equal(2, errors.Count);
    }

    // A site-relative path is the most likely mistake in configuration ("/account/{accountId}"). On Linux, where the
    // nodes run, Uri.TryCreate(..., UriKind.Absolute) accepts "/account/x" as an absolute file:// URI, so the check
    // must not rely on it alone.
    [Fact]
    public void A_site_relative_account_page_path_is_rejected_naming_the_key()
    {
        var errors = new PromptOptions { AccountPageUrl = "/account/{accountId}" }.Validate();

        Assert.Contains("ActorSubs:Prompts:AccountPageUrl", Assert.Single(errors), StringComparison.Ordinal);
    }
}
