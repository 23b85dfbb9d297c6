using System.Net;
using System.Text.RegularExpressions;
using ActorSubs.Node.Web;
using ActorSubs.Web.Tests.Support;

namespace ActorSubs.Web.Tests;

/// <summary>
/// The page routes over plain HTTP, with no browser (so they run wherever the node runs): both pages and their files
/// are served with the right types and headers, and no served file holds what the Content-Security-Policy forbids.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class PageFileSpecs(WebFixture web)
{
    private readonly TestNode _node = web.Node;

    [Theory]
    [InlineData("/", "<title>My Account</title>", "/js/account.js")]
    [InlineData("/admin", "<title>Operator dashboard</title>", "/js/admin.js")]
    public async Task A_page_is_html_with_its_policy_and_loads_only_the_nodes_own_files(string path, string title, string script)
    {
        using var client = _node.Client(bearer: null);

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ActorSubs.Node.Api.ResponseHeaders.ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.True(response.Headers.CacheControl?.NoCache, "pages are revalidated on every visit");
        Assert.Contains(title, html);
        Assert.Contains($"<script type=\"module\" src=\"{script}\"></script>", html);
        Assert.DoesNotMatch(ExternalReference(), html);
        AssertNothingInline(path, html);
    }

    [Theory]
    [InlineData("/css/site.css", "text/css")]
    [InlineData("/js/account.js", "text/javascript")]
    [InlineData("/js/admin.js", "text/javascript")]
    [InlineData("/js/live.js", "text/javascript")]
    public async Task The_files_are_served_with_their_types_and_an_etag(string path, string type)
    {
        using var client = _node.Client(bearer: null);

        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.DoesNotContain("eval(", text);
        Assert.DoesNotContain("innerHTML", text);
        Assert.DoesNotMatch(ExternalReference(), text);
    }

    [Fact]
    public async Task An_unknown_file_is_a_not_found_problem()
    {
        using var client = _node.Client(bearer: null);

        var answer = await client.GetJsonAsync("/js/no-such-file.js");

        answer.AssertProblem(HttpStatusCode.NotFound, "not-found");
    }

    /// <summary>What <c>script-src 'self'; style-src 'self'</c> refuses: inline scripts, style blocks and attributes, handlers.</summary>
    private static void AssertNothingInline(string path, string html)
    {
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(StyleAttribute(), html);
        var handler = EventHandlerAttribute().Match(html);
        Assert.False(handler.Success, $"{path} has an inline handler: {handler.Value}");
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    /// <summary>No CDN: nothing is loaded from another origin (links in text, such as a prompt's URL, come from the API).</summary>
    [GeneratedRegex(@"(src|href)\s*=\s*[""']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
