using System.Net;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

/// <summary>A write, a node restart on the same database, then the read: the state must have survived.</summary>
public sealed class RestartSpecs
{
    [Fact]
    public async Task State_written_before_a_restart_is_read_after_it_on_sqlite()
    {
        using var database = TestDatabase.Sqlite();
        await WriteRestartReadAsync(database);
    }

    [SkippableFact]
    public async Task State_written_before_a_restart_is_read_after_it_on_postgresql()
    {
        using var database = await TestDatabase.PostgresAsync();
        await WriteRestartReadAsync(database);
    }

    private static async Task WriteRestartReadAsync(TestDatabase database)
    {
        string before;
        string apiKey;
        // Snapshot every 3 events, so the restart recovers from a snapshot plus the events after it.
        var settings = new Dictionary<string, string?> { ["ActorSubs:Entities:SnapshotEvery"] = "3" };
        await using (var node = await TestNode.StartAsync(database, settings))
        {
            using var client = node.Client();
            apiKey = await client.SignUpAsync("restart-me");
            using var owner = node.Client(apiKey);
            Assert.Equal(HttpStatusCode.OK, (await owner.PostJsonAsync("/api/accounts/restart-me/purchases",
                new { plan = "biennial", channel = "web", transactionId = "cb-restart" })).Status);
            Assert.Equal(HttpStatusCode.Created, (await owner.PostJsonAsync("/api/accounts/restart-me/hosts",
                new { hostId = "imac", name = "iMac" })).Status);
            Assert.Equal(HttpStatusCode.Created, (await owner.PostJsonAsync("/api/accounts/restart-me/devices",
                new { deviceId = "pixel", platform = "android", name = "Pixel" })).Status);
            var licence = await owner.PostJsonAsync("/api/accounts/restart-me/licences",
                new { key = "RESTART-KEY-1", product = "desktop-pro-subscription" });
            Assert.Equal(HttpStatusCode.OK, licence.Status);
            before = licence.Body!.ToJsonString();
        }

        await using (var node = await TestNode.StartAsync(database, settings))
        {
            using var owner = node.Client(apiKey);
            var (status, after) = await owner.GetJsonAsync("/api/accounts/restart-me");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(before, after!.ToJsonString());

            // The licence registry survived too: another account cannot take the key now.
            using var client = node.Client();
            await client.SignUpAsync("restart-thief");
            (await client.PostJsonAsync("/api/accounts/restart-thief/licences", new { key = "restart-key-1", product = "desktop-pro-subscription" }))
                .AssertProblem(HttpStatusCode.Conflict, "licence-already-registered");
        }
    }
}
