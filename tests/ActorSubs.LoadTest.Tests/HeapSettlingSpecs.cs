using System.Net;
using ActorSubs.LoadTest.Baseline;
using NodeProcess = ActorSubs.LoadTest.Scenarios.Fleet.NodeProcess;

namespace ActorSubs.LoadTest.Tests;

/// <summary>
/// The storm's <c>--node-pid</c> settles the heaps before its instant: a full collection in the node through its
/// diagnostics port, and in the baseline server through its settle route. Both are run here against this test process.
/// </summary>
public sealed class HeapSettlingSpecs
{
    [Fact]
    public async Task The_diagnostics_port_makes_a_process_collect_all_its_generations()
    {
        var before = GC.CollectionCount(GC.MaxGeneration);
        Assert.True(await NodeProcess.CollectGarbageAsync(Environment.ProcessId, CancellationToken.None));
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > before, "no full collection was induced");
    }

    [Fact]
    public async Task The_baseline_server_collects_its_garbage_when_asked_and_only_by_post()
    {
        await using var server = await BaselineServer.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };

        var before = GC.CollectionCount(GC.MaxGeneration);
        using var settled = await http.PostAsync(BaselineServer.SettlePath, null);
        Assert.Equal(HttpStatusCode.NoContent, settled.StatusCode);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > before, "no full collection was made");

        using var read = await http.GetAsync(BaselineServer.SettlePath);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }
}
