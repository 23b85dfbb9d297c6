namespace ActorSubs.Domain.Tests;

/// <summary>The buy prompt URLs must be absolute http or https URLs; each bad one is named with its key.</summary>
public sealed class PromptOptionsSpecs
{
    [Fact]
    public void The_default_urls_are_valid()
    {
        Assert.Empty(new PromptOptions().Validate());
    }

    [Fact]
    public void Each_url_that_is_not_absolute_http_or_https_is_named_with_its_key()
    {
        var options = new PromptOptions { AccountPageUrl = "/account/{accountId}", AccessPageUrl = "ftp://example.test/{accountId}" };

        var errors = options.Validate();

        Assert.Equal(
        [
            "ActorSubs:Prompts:AccountPageUrl must be an absolute URL over http or https (was '/account/{accountId}').",
            "ActorSubs:Prompts:AccessPageUrl must be an absolute URL over http or https (was 'ftp://example.test/{accountId}').",
        ], errors);
    }

    [Fact]
    public void A_url_with_the_account_placeholder_in_its_host_is_valid()
    {
        Assert.Empty(new PromptOptions { AccessPageUrl = "https://{accountId}.example.test/access" }.Validate());
    }
}
