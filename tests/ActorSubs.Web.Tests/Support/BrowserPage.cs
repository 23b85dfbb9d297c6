namespace ActorSubs.Web.Tests.Support;

/// <summary>
/// One page in a fresh browser context (its own sessionStorage, like a new tab), on a node. The node sends the pages
/// with their Content-Security-Policy (no inline script or style, no eval), so a page that broke it would stop working
/// here; CSP refusals and uncaught script errors are collected, and <see cref="AssertNoProblems"/> fails on any.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (_problems) _problems.Add($"CSP: {message.Text}");
        };
        page.PageError += (_, error) =>
        {
            lock (_problems) _problems.Add($"script error: {error}");
        };
    }

    public IPage Page { get; }

    public static async Task<BrowserPage> OpenAsync(IBrowser browser, INodeAddress node, string path, int width = 1280)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = node.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 812 : 900 },
            // Screenshots and layout as a phone draws them at 375 px.
            IsMobile = width < 600,
            HasTouch = width < 600,
        });
        context.SetDefaultTimeout(20_000);
        try
        {
            var page = await context.NewPageAsync();
            var browserPage = new BrowserPage(context, page);
            var response = await page.GotoAsync(path);
            // The policy comes from the node itself. (Adding it by routing the answers through Playwright would make
            // Chromium treat the page as public and block its WebSocket to loopback: local network access checks.)
            Assert.Contains(ActorSubs.Node.Api.ResponseHeaders.ContentSecurityPolicy, await response!.HeaderValueAsync("content-security-policy") ?? "");
            return browserPage;
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>Signs in on My Account with the account id and its API key.</summary>
    public async Task SignInAsync(string accountId, string apiKey)
    {
        await Page.GetByLabel("Account id").FillAsync(accountId);
        await Page.GetByLabel("API key").FillAsync(apiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#plan")).Not.ToBeEmptyAsync();
    }

    /// <summary>Waits until this browser is connected as a web device (welcome received).</summary>
    public Task WaitUntilLiveAsync() =>
        Assertions.Expect(Page.Locator("#live-state")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Live updates are on"), new() { Timeout = 30_000 });

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.Screenshots, name + ".png"), FullPage = true });

    /// <summary>No CSP refusal and no uncaught script error since the page opened.</summary>
    public void AssertNoProblems()
    {
        lock (_problems) Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
