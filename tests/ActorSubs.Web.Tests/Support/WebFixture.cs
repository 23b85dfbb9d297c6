namespace ActorSubs.Web.Tests.Support;

/// <summary>
/// The browser, launched once, and one node on SQLite shared by the page specs (each uses accounts of its own). Expired
/// sessions are cut after seconds, not minutes, so a spec can watch the countdown reach the cut.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public static readonly TimeSpan ExpiredSessionLimit = TimeSpan.FromSeconds(8);

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private TestNode? _node;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("no browser: call Chromium.Require() first");

    public TestNode Node => _node ?? throw new InvalidOperationException("the node did not start");

    public async Task InitializeAsync()
    {
        // Playwright's assertions wait 5 s by default; CI runs this project beside another test project on two cores,
        // where a page's answer can take longer. A spec that needs a different bound still says so.
        Assertions.SetDefaultExpectTimeout(15_000);
        _node = await TestNode.StartAsync(new Dictionary<string, string?>
        {
            ["ActorSubs:Subscriptions:ExpiredSessionLimit"] = ExpiredSessionLimit.ToString(),
        });
        // Without a browser there is nothing to drive: each browser spec's Chromium.Require() then skips or fails,
        // saying why. The specs over plain HTTP still run.
        if (Chromium.Missing is null) (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    public Task<BrowserPage> OpenAsync(string path, int width = 1280) => BrowserPage.OpenAsync(Browser, Node, path, width);

    /// <summary>A new account, and its API key.</summary>
    public async Task<(string Id, string Key)> SignUpAsync(string prefix)
    {
        using var client = Node.Client();
        var id = NewId(prefix);
        return (id, await client.SignUpAsync(id));
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_node is not null) await _node.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web pages";
}
