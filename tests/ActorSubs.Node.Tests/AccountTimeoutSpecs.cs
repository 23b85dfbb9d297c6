using System.Net;
using System.Net.Http.Json;
using ActorSubs.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ActorSubs.Node.Tests;

/// <summary>
/// An account that does not answer within <c>ActorSubs:Api:AskTimeout</c> is answered 503 <c>unavailable</c> (docs/api.md),
/// and the retry the problem asks for, with the same transaction id, applies the command once. The account is held busy
/// for real: the test takes the SQLite journal's write lock, as a stalled disk would, so the account's write waits and
/// every message behind it waits too.
/// </summary>
public sealed class AccountTimeoutSpecs
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_busy_account_is_answered_503_unavailable_and_a_retry_with_the_same_transaction_id_applies_the_purchase_once()
    {
        // Arrange
        using var database = TestDatabase.Sqlite();
        await using var node = await TestNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["ActorSubs:Api:AskTimeout"] = AskTimeout.ToString(),
        });
        using var client = node.Client();
        var id = SharedNode.NewId("busy");
        // A fresh node's first request allocates the shard on a process still compiling its code, and on a busy machine
        // that alone can pass a short ask timeout: ask (for an account that does not exist) until it answers in time.
        await Eventually.AsyncValue(() => client.GetJsonAsync($"/api/accounts/{id}"), r => r.Status == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30), "the node answering within its ask timeout");
        await client.SignUpAsync(id);
        var purchase = new { plan = "monthly", channel = "web", transactionId = "cb-busy-1" };

        // Act: the purchase's write cannot take the lock; a read sent meanwhile queues behind that write.
        (HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body) whileBusy, readWhileBusy;
        await using (await HoldJournalWriteLockAsync(database))
        {
            whileBusy = await client.PostJsonAsync($"/api/accounts/{id}/purchases", purchase);
            readWhileBusy = await client.GetJsonAsync($"/api/accounts/{id}");
        }
        var retried = await client.PostJsonAsync($"/api/accounts/{id}/purchases", purchase);

        // Assert
        whileBusy.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        readWhileBusy.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.True(retried.Status == HttpStatusCode.OK, $"the retry: {(int)retried.Status} {retried.Body}");
        Assert.Equal("paid", retried.Body.Text("subscription.tier"));
        var purchases = await new JournalReader(database).EventsAsync(JournalFacts.AccountPersistenceId(id), "pu");
        Assert.Single(purchases);
    }

    /// <summary>
    /// With <c>ResendAfter</c> shorter than the wait, a purchase (repeatable: its transaction id) is sent again while
    /// the account is busy; once the journal is free the first copy buys and the others are recognised, so the request
    /// is answered 200 and the journal holds one purchase.
    /// </summary>
    [Fact]
    public async Task A_purchase_sent_again_while_its_account_is_busy_is_applied_once_and_answered()
    {
        using var database = TestDatabase.Sqlite();
        await using var node = await TestNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["ActorSubs:Api:AskTimeout"] = "00:00:20",
            ["ActorSubs:Api:ResendAfter"] = "00:00:00.500",
        });
        using var client = node.Client();
        var id = SharedNode.NewId("resend");
        await client.SignUpAsync(id);

        Task<HttpResponseMessage> bought;
        await using (await HoldJournalWriteLockAsync(database))
        {
            bought = client.PostAsJsonAsync($"/api/accounts/{id}/purchases", new { plan = "monthly", channel = "web", transactionId = "cb-resend-1" });
            await Task.Delay(TimeSpan.FromSeconds(2)); // a few resends' worth
            Assert.False(bought.IsCompleted, "the purchase was answered while the journal was locked");
        }
        using var answer = await bought;

        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        var purchases = await new JournalReader(database).EventsAsync(JournalFacts.AccountPersistenceId(id), "pu");
        Assert.Single(purchases);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("actorsubs_command_resends_total{command=\"Purchase\"}", metrics);
    }

    /// <summary>An open write transaction on the journal file: the node's writes wait for it (readers do not, in WAL mode).</summary>
    private static async Task<SqliteConnection> HoldJournalWriteLockAsync(TestDatabase database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }
}
