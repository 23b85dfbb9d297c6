using System.Net;
using ActorSubs.Node.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace ActorSubs.Node.Tests;

/// <summary>
/// <c>/healthz/live</c> and <c>/healthz/ready</c> (docs/operations.md): readiness takes the node out of rotation while its
/// journal's database is down or while it drains, and liveness, which would get it restarted, stays true meanwhile.
/// </summary>
public sealed class HealthSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The database goes down under a running node: it refuses every connection (<c>ALLOW_CONNECTIONS false</c>) and
    /// the node's open ones are ended, which is what the node sees of a stopped server, without stopping the server
    /// the other PostgreSQL tests share.
    /// </summary>
    [SkippableFact]
    public async Task Readiness_is_false_while_the_journal_database_is_down_and_true_again_once_it_is_back()
    {
        using var database = await TestDatabase.PostgresAsync();
        await using var node = await TestNode.StartAsync(database);
        using var client = node.Client(bearer: null);
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/healthz/ready"));

        await AdministerAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS false",
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        try
        {
            await Eventually.AsyncValue(() => StatusAsync(client, "/healthz/ready"), s => s == HttpStatusCode.ServiceUnavailable,
                Within, "readiness false with the database down");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/healthz/live"));
            output.WriteLine($"ready while the database is down: {await client.GetStringAsync("/healthz/ready").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : t.Exception?.InnerException?.Message)}");
        }
        finally
        {
            await AdministerAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
        }

        await Eventually.AsyncValue(() => StatusAsync(client, "/healthz/ready"), s => s == HttpStatusCode.OK,
            Within, "readiness true once the database is back");
    }

    /// <summary>
    /// A device that does not read keeps the drain going (its close handshake never completes until the node gives up on
    /// it after <c>CloseGrace</c>, made long here), which leaves time to watch both routes while the node still answers:
    /// the web server and the actor system stop only after the drain. The signal comes right after the handshake, often
    /// before the node's read loop first ran; the close frame is sent then all the same, and the grace must still hold.
    /// </summary>
    [Fact]
    public async Task While_the_node_drains_on_SIGTERM_it_is_not_ready_but_still_live()
    {
        using var database = TestDatabase.Sqlite();
        await using var node = await NodeProcess.StartAsync(database, new Dictionary<string, string>
        {
            ["ActorSubs__Gateway__CloseGrace"] = "00:00:08",
        });
        using var account = await TestAccount.SignUpAsync(node.Client(), "health");
        await using var silent = await WsClient.ConnectAsync(node, "/ws/device", await account.AddDeviceAsync("phone"), read: false);
        using var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/healthz/ready"));

        var signalled = System.Diagnostics.Stopwatch.StartNew();
        await node.TerminateAsync();
        // A probe that gets no answer (a slow machine's timeout) is repeated; the node must still be there to answer.
        var ready = await Eventually.AsyncValue(() => StatusOrNullAsync(client, "/healthz/ready"),
            s => s is not null && s != HttpStatusCode.OK || node.HasExited, Within, "readiness false after SIGTERM");
        var live = await Eventually.AsyncValue(() => StatusOrNullAsync(client, "/healthz/live"),
            s => s is not null || node.HasExited, Within, "liveness while draining");
        Assert.True(ready == HttpStatusCode.ServiceUnavailable, $"ready {ready?.ToString() ?? "unanswered"} after SIGTERM\n{node.Output}");
        Assert.True(live == HttpStatusCode.OK, $"live {live?.ToString() ?? "unanswered"} while draining\n{node.Output}");
        Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"still running 30 s after SIGTERM\n{node.Output}");
        Assert.Equal(0, node.ExitCode);
        Assert.True(signalled.Elapsed > TimeSpan.FromSeconds(7), $"the node exited {signalled.Elapsed} after SIGTERM, before the 8 s grace\n{node.Output}");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path) =>
        (await client.GetAsync(path)).StatusCode;

    /// <summary>Null once the node no longer answers at all (it has stopped), so a wait for "not OK" cannot pass on that.</summary>
    private static async Task<HttpStatusCode?> StatusOrNullAsync(HttpClient client, string path)
    {
        try
        {
            return await StatusAsync(client, path);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task AdministerAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable));
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
