using ActorSubs.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ActorSubs.Web.Tests;

/// <summary>
/// What a first visit costs (docs/web.md): every file of a page, headers included, under 200 KiB, all from the node
/// itself, and the page interactive (its scripts run, DOMContentLoaded done) within a second on loopback.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class FirstLoadSpecs(WebFixture web)
{
    private const long Budget = 200 * 1024;

    [SkippableTheory]
    [InlineData("/")]
    [InlineData("/admin")]
    public async Task A_first_load_transfers_under_200_KiB_from_the_node_alone_and_is_interactive_within_a_second(string path)
    {
        Chromium.Require();
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = web.Node.BaseAddress.ToString() });
        try
        {
            var page = await context.NewPageAsync();
            var requests = new List<IRequest>();
            page.RequestFinished += (_, request) => { lock (requests) requests.Add(request); };

            await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeEnabledAsync();

            long bytes = 0;
            IRequest[] finished;
            lock (requests) finished = [.. requests];
            foreach (var request in finished)
            {
                var sizes = await request.SizesAsync();
                bytes += sizes.ResponseHeadersSize + sizes.ResponseBodySize;
            }
            Assert.True(bytes < Budget, $"{path}: {bytes} bytes over {finished.Length} requests");
            Assert.True(finished.Length >= 4, $"{path}: the page, its style and its scripts, got {finished.Length} requests");
            Assert.All(finished, r => Assert.StartsWith(web.Node.BaseAddress.ToString(), r.Url));
            var interactiveMs = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
            Assert.True(interactiveMs < 1000, $"{path}: interactive after {interactiveMs:0} ms");
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
