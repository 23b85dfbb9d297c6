namespace ActorSubs.Domain;

/// <summary>Where buy prompts lead (R11 in docs/rules.md), bound from <c>ActorSubs:Prompts</c>. <c>{accountId}</c> is replaced.</summary>
public sealed record PromptOptions
{
    public const string Section = "ActorSubs:Prompts";

    /// <summary>The account page: the web store's Buy subscription button and the auto-renew settings.</summary>
    public string AccountPageUrl { get; init; } = "https://my.parallels.com/account/{accountId}";

    /// <summary>The account's Parallels Access page, for Android subscriptions with no auto-renew option.</summary>
    public string AccessPageUrl { get; init; } = "https://my.parallels.com/access/{accountId}";

    public IReadOnlyList<string> Validate() =>
        new[] { (Key: nameof(AccountPageUrl), Url: AccountPageUrl), (Key: nameof(AccessPageUrl), Url: AccessPageUrl) }
            // An http(s) URL only: on Linux a path such as /account/x would otherwise parse as file:///account/x.
            .Where(u => !Uri.TryCreate(u.Url.Replace("{accountId}", "x", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https"))
            .Select(u => $"{Section}:{u.Key} must be an absolute URL over http or https (was '{u.Url}').")
            .ToList();
}

/// <summary>R11: the buy prompt for one device of an expired account.</summary>
public static class BuyPrompts
{
    public static BuyPrompt For(Platform platform, AccountState account, PromptOptions o) => platform switch
    {
        Platform.Ios => new BuyPrompt("buy-in-app-store", null, [WireNames.Of(Plan.Monthly), WireNames.Of(Plan.Annual)],
            "Your subscription has expired. Buy a subscription in this app through the App Store; questions and refunds are handled by Apple."),
        Platform.Android when account is { Tier: Tier.Paid, AutoRenew: false } && account.Channel != Channel.AppStore =>
            new BuyPrompt("manage-auto-renew", Url(o.AccountPageUrl, account), null,
                "Your subscription has expired because auto-renew is off. Manage auto-renew settings on your account page."),
        Platform.Android => new BuyPrompt("buy-subscription", Url(o.AccessPageUrl, account), null,
            "Your subscription has expired. Buy a subscription on your Parallels Access page."),
        _ => new BuyPrompt("buy-subscription", Url(o.AccountPageUrl, account), [WireNames.Of(Plan.Monthly), WireNames.Of(Plan.Annual)],
            "Your subscription has expired. Use Buy subscription on your account page: choose monthly or annual, enter your details, and Cleverbridge processes the order."),
    };

    private static string Url(string template, AccountState account) =>
        template.Replace("{accountId}", Uri.EscapeDataString(account.Id.Value), StringComparison.Ordinal);
}
