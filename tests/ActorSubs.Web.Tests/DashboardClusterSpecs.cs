using ActorSubs.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ActorSubs.Web.Tests;

/// <summary>
/// The dashboard follows the cluster live: a node that joins while the page is open appears among the members and the
/// nodes without a reload (two real nodes over loopback TCP, as in the node specs' cluster overview).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class DashboardClusterSpecs(WebFixture web)
{
    [SkippableFact]
    public async Task A_second_node_that_joins_while_the_dashboard_is_open_is_listed_up()
    {
        Chromium.Require();
        using var database = TestDatabase.Sqlite();
        var ports = FreePorts.Take(2);
        var seed = $"akka.tcp://actorsubs@127.0.0.1:{ports[0]}";
        await using var first = await TestNode.StartAsync(database, Settings(ports[0], seed));
        await using var tab = await BrowserPage.OpenAsync(web.Browser, first, "/admin");
        var page = tab.Page;
        await page.GetByLabel("Operator key").FillAsync(TestNode.OperatorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#members tr")).ToHaveCountAsync(1);

        await using var second = await TestNode.StartAsync(database, Settings(ports[1], seed));

        await Expect(page.Locator("#members tr")).ToHaveCountAsync(2, new() { Timeout = 45_000 });
        await Expect(page.Locator("#members tr").Filter(new() { HasText = $":{ports[1]}" })).ToContainTextAsync("up", new() { Timeout = 45_000 });
        await Expect(page.Locator("#nodes tr")).ToHaveCountAsync(2, new() { Timeout = 45_000 });
        tab.AssertNoProblems();
    }

    private static Dictionary<string, string?> Settings(int port, string seed) => new()
    {
        ["ActorSubs:Cluster:Port"] = port.ToString(),
        ["ActorSubs:Cluster:SeedNodes:0"] = seed,
        // The counts come from every member; on a loaded machine the default 2 s can pass and leave them null.
        ["ActorSubs:Cluster:OverviewTimeout"] = "00:00:10",
    };
}
