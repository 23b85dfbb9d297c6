using System.Diagnostics;
using System.Net;
using ActorSubs.Node.Tests.Support;
using Xunit.Abstractions;
using static ActorSubs.Node.Tests.CrashSafety.CrashScenario;

namespace ActorSubs.Node.Tests.CrashSafety;

/// <summary>
/// Due work survives the node: whether it is killed (SIGKILL, nothing runs on the way out) or stopped, and
/// whenever that happens (right after a command, while a bucket fires, while it catches up after downtime),
/// every expiry is announced once, exactly once, without anyone touching the account.
/// <para>
/// Real node processes on a real SQLite file; the outcome is read from the journal (see <see cref="JournalFacts"/>)
/// and the HTTP routes only, so these specs do not depend on how the account entity or the wake-up index work.
/// </para>
/// </summary>
public sealed class CrashSafetySpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task A_node_killed_right_after_a_command_that_moves_the_due_instant_still_fires_it()
    {
        using var database = TestDatabase.Sqlite();
        var journal = new JournalReader(database);
        var accountId = SharedNode.NewId("killed");
        DateTimeOffset expiresAt;

        await using (var node = await StartAsync(database))
        {
            using var client = node.Client();
            await client.SignUpAsync(accountId);
            await AddDeviceAsync(client, accountId, "phone");
            expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow.AddSeconds(4));
            await SetExpiryAsync(client, accountId, expiresAt);
            await node.KillAsync(); // right after the 200: the move is stored, nothing else has happened yet
        }
        Assert.True(DateTimeOffset.UtcNow < expiresAt, "the node was killed after the expiry: the scenario did not happen");
        Assert.Equal(0, await journal.ExpiryNotificationCountAsync(accountId));

        // Down across the due instant; nobody touches the account after the restart.
        await DelayUntilAsync(expiresAt + TimeSpan.FromSeconds(2));
        await using (var node = await StartAsync(database))
        {
            var waited = Stopwatch.StartNew();
            var count = 0;
            while (waited.Elapsed < TimeSpan.FromSeconds(30) && (count = await journal.ExpiryNotificationCountAsync(accountId)) == 0)
                await Task.Delay(PollInterval);
            Assert.True(count > 0,
                $"no subscription-expired event in the journal of {accountId} 30 s after the restart " +
                $"(expiry {TestAccount.Wire(expiresAt)}, the node was killed right after the command that set it)\n" +
                $"--- node output (tail) ---\n{Tail(node.Output, 40)}");
            output.WriteLine($"fired {waited.ElapsedMilliseconds} ms after the restart was ready");

            await Task.Delay(TimeSpan.FromSeconds(3)); // a repeated wake-up would have written a second one by now
            Assert.Equal(1, await journal.ExpiryNotificationCountAsync(accountId));

            using var client = node.Client();
            var (status, body) = await client.GetJsonAsync($"/api/accounts/{accountId}/notifications");
            Assert.Equal(HttpStatusCode.OK, status);
            var expired = body!["notifications"]!.AsArray().Where(n => n.Text("kind") == JournalFacts.SubscriptionExpired).ToList();
            Assert.True(expired.Count == 1, $"expected one pending subscription-expired notification, got {body.ToJsonString()}");
            Assert.Equal(TestAccount.Wire(expiresAt), expired[0].Text("data.expiresAt"));
            Assert.Equal(1, await journal.ExpiryNotificationCountAsync(accountId));
        }
    }

    [Fact]
    public async Task A_node_stopped_across_an_expiry_has_the_notification_after_restart_before_anyone_asks()
    {
        using var database = TestDatabase.Sqlite();
        var journal = new JournalReader(database);
        IReadOnlyList<string> accounts;
        DateTimeOffset expiresAt;

        await using (var node = await StartAsync(database))
        {
            using var client = node.Client();
            accounts = await SignUpWithDevicesAsync(client, "stopped", 3);
            // The node must be down before the clock would arm the expiry's bucket (its span start minus the lead).
            expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow + PassivationWait + BucketSize + ActivationLead + TimeSpan.FromSeconds(6));
            await SetExpiryAsync(client, accounts, expiresAt);
            await Task.Delay(PassivationWait); // idle: the accounts go to sleep
            await node.TerminateAsync();
            Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"still running 30 s after SIGTERM\n{Tail(node.Output, 40)}");
        }
        Assert.True(DateTimeOffset.UtcNow < expiresAt - BucketSize - ActivationLead,
            $"the node stopped only at {TestAccount.Wire(DateTimeOffset.UtcNow)}, too close to the expiry {TestAccount.Wire(expiresAt)}: the scenario did not happen");
        Assert.Empty(await journal.ExpiryNotificationsAsync());

        await DelayUntilAsync(expiresAt + TimeSpan.FromSeconds(2));
        await using (var node = await StartAsync(database))
        {
            await ExpectEachExactlyOnceAsync(journal, accounts, TimeSpan.FromSeconds(30),
                "30 s after a restart following a graceful stop across the expiry", node);

            using var client = node.Client();
            foreach (var id in accounts)
            {
                var (status, body) = await client.GetJsonAsync($"/api/accounts/{id}/notifications");
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.True(body!["notifications"]!.AsArray().Count(n => n.Text("kind") == JournalFacts.SubscriptionExpired) == 1,
                    $"{id}: expected one pending subscription-expired notification, got {body.ToJsonString()}");
            }
        }
    }

    /// <summary>
    /// The rolling-deploy case: accounts are still in memory (their own timer would fire the expiry), and the node is
    /// stopped gracefully under them. The shard stops the accounts on the way out; the expiry must still fire.
    /// </summary>
    [Fact]
    public async Task A_node_stopped_while_accounts_are_awake_has_the_notification_after_restart()
    {
        var settings = FastSettingsWith(("ActorSubs:Entities:PassivateIdleAfter", "00:01:00"));
        using var database = TestDatabase.Sqlite();
        var journal = new JournalReader(database);
        IReadOnlyList<string> accounts;
        DateTimeOffset expiresAt;

        await using (var node = await StartAsync(database, settings))
        {
            using var client = node.Client();
            accounts = await SignUpWithDevicesAsync(client, "awake", 3);
            expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow + PassivationWait + BucketSize + ActivationLead + TimeSpan.FromSeconds(6));
            await SetExpiryAsync(client, accounts, expiresAt);
            await Task.Delay(PassivationWait); // idle, but not for PassivateIdleAfter: they are still in memory
            await node.TerminateAsync();
            Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"still running 30 s after SIGTERM\n{Tail(node.Output, 40)}");
        }
        Assert.True(DateTimeOffset.UtcNow < expiresAt - BucketSize - ActivationLead,
            $"the node stopped only at {TestAccount.Wire(DateTimeOffset.UtcNow)}, too close to the expiry {TestAccount.Wire(expiresAt)}: the scenario did not happen");
        Assert.Empty(await journal.ExpiryNotificationsAsync());

        await DelayUntilAsync(expiresAt + TimeSpan.FromSeconds(2));
        await using (var node = await StartAsync(database, settings))
        {
            await ExpectEachExactlyOnceAsync(journal, accounts, TimeSpan.FromSeconds(30),
                "30 s after a restart following a graceful stop while the accounts were awake", node);
        }
    }

    [Fact]
    public async Task Killed_while_a_bucket_fires_every_expiry_takes_effect_exactly_once()
    {
        const int count = 100;
        using var database = TestDatabase.Sqlite();
        var journal = new JournalReader(database);
        IReadOnlyList<string> accounts;
        DateTimeOffset expiresAt;
        var killDelay = TimeSpan.FromMilliseconds(Random.Shared.Next(50, 301));

        await using (var node = await StartAsync(database))
        {
            using var client = node.Client();
            var setup = Stopwatch.StartNew();
            accounts = await SignUpWithDevicesAsync(client, "burst", count);
            output.WriteLine($"{count} sign-ups with a device in {setup.ElapsedMilliseconds} ms");
            // All at one instant, far enough ahead that every account has gone to sleep (its wake-up with the index) first.
            var lead = TimeSpan.FromSeconds(8) + setup.Elapsed / 2;
            expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow + lead);
            setup.Restart();
            await SetExpiryAsync(client, accounts, expiresAt);
            output.WriteLine($"{count} expiries set to {TestAccount.Wire(expiresAt)} in {setup.ElapsedMilliseconds} ms");
            Assert.True(DateTimeOffset.UtcNow < expiresAt - PassivationWait,
                $"setting the expiries ended at {TestAccount.Wire(DateTimeOffset.UtcNow)}, too close to {TestAccount.Wire(expiresAt)} for the accounts to sleep first");

            await DelayUntilAsync(expiresAt + killDelay);
            await node.KillAsync();
        }
        var firedBeforeKill = CountFired(await journal.ExpiryNotificationsAsync(), accounts);
        output.WriteLine($"killed {killDelay.TotalMilliseconds} ms after the instant; {firedBeforeKill} of {count} had fired");

        await using (var node = await StartAsync(database))
        {
            await ExpectEachExactlyOnceAsync(journal, accounts, TimeSpan.FromSeconds(60),
                $"60 s after a restart (killed {killDelay.TotalMilliseconds} ms after the instant, {firedBeforeKill} of {count} had fired by then)", node);
        }
    }

    [Fact]
    public async Task Killed_during_catch_up_every_overdue_expiry_takes_effect_exactly_once()
    {
        const int count = 150;
        using var database = TestDatabase.Sqlite();
        var journal = new JournalReader(database);
        IReadOnlyList<string> accounts;
        DateTimeOffset expiresAt;

        await using (var node = await StartAsync(database))
        {
            using var client = node.Client();
            var setup = Stopwatch.StartNew();
            accounts = await SignUpWithDevicesAsync(client, "overdue", count);
            output.WriteLine($"{count} sign-ups with a device in {setup.ElapsedMilliseconds} ms");
            // The node is stopped before the clock would arm the expiry's bucket: it is all catch-up after the restart.
            var lead = PassivationWait + BucketSize + ActivationLead + TimeSpan.FromSeconds(8) + setup.Elapsed / 2;
            expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow + lead);
            await SetExpiryAsync(client, accounts, expiresAt);
            await Task.Delay(PassivationWait);
            await node.TerminateAsync();
            Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"still running 30 s after SIGTERM\n{Tail(node.Output, 40)}");
        }
        Assert.True(DateTimeOffset.UtcNow < expiresAt - BucketSize - ActivationLead,
            $"the node stopped only at {TestAccount.Wire(DateTimeOffset.UtcNow)}, too close to the expiry {TestAccount.Wire(expiresAt)}: the scenario did not happen");
        Assert.Empty(await journal.ExpiryNotificationsAsync());

        await DelayUntilAsync(expiresAt + TimeSpan.FromSeconds(2));
        int firedBeforeKill;
        await using (var node = await StartAsync(database))
        {
            // Kill as soon as the catch-up is seen under way (its first expiry in the journal), or after 10 s regardless.
            var sinceReady = Stopwatch.StartNew();
            while ((firedBeforeKill = CountFired(await journal.ExpiryNotificationsAsync(), accounts)) == 0 && sinceReady.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(TimeSpan.FromMilliseconds(20));
            await node.KillAsync();
            output.WriteLine($"killed {sinceReady.ElapsedMilliseconds} ms after ready, when {firedBeforeKill} of {count} had fired");
        }
        firedBeforeKill = CountFired(await journal.ExpiryNotificationsAsync(), accounts);
        output.WriteLine($"{firedBeforeKill} of {count} in the journal after the kill");

        await using (var node = await StartAsync(database))
        {
            await ExpectEachExactlyOnceAsync(journal, accounts, TimeSpan.FromSeconds(60),
                $"60 s after the second restart (the first was killed during catch-up with {firedBeforeKill} of {count} fired)", node);
        }
    }

    [Fact]
    public async Task Passivated_accounts_are_woken_on_time_and_their_buckets_are_removed_when_done()
    {
        const int count = 20;
        var step = TimeSpan.FromMilliseconds(400); // 20 expiries over 8 s: several bucket spans
        var onTime = TimeSpan.FromSeconds(2);
        using var database = TestDatabase.Sqlite();
        var journal = new JournalReader(database);

        await using var node = await StartAsync(database);
        using var client = node.Client();
        var first = TestAccount.Ms(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(12));
        var expiries = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>();
        // Each expiry is set right after the sign-up (the account never sleeps on its trial first: that case is
        // A_due_instant_moved_while_asleep_leaves_nothing_behind_in_the_wakeup_index); then they sleep until it.
        var accounts = await SignUpWithDevicesAsync(client, "onTime", count, async (id, i) =>
        {
            expiries[id] = first + step * i;
            await SetExpiryAsync(client, id, expiries[id]);
        });
        Assert.True(DateTimeOffset.UtcNow < first - PassivationWait,
            $"setting the expiries ended at {TestAccount.Wire(DateTimeOffset.UtcNow)}, too close to the first, {TestAccount.Wire(first)}, for the accounts to sleep first");

        var raised = await WaitForExpiriesAsync(journal, accounts, expiries.Values.Max() - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30));
        await AssertExactlyOneEachAsync(journal, raised, accounts, "30 s after the last expiry", node);
        var late = new List<string>();
        foreach (var id in accounts)
        {
            var at = JournalFacts.RaisedAtOf(raised[id][0].Payload)!.Value;
            var delay = at - expiries[id];
            output.WriteLine($"{id}: raised {delay.TotalMilliseconds:0} ms after its expiry");
            if (delay < TimeSpan.Zero || delay >= onTime) late.Add($"{id} {delay.TotalMilliseconds:0} ms");
        }
        Assert.True(late.Count == 0, $"raised before the expiry or {onTime.TotalSeconds} s or more after it: {string.Join(", ", late)}");

        // Once everything due is done, the wake-up index keeps nothing but its clock.
        var waited = Stopwatch.StartNew();
        IReadOnlyDictionary<string, string[]> left;
        while ((left = await LeftoverWakeupRowsAsync(journal)).Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(PollInterval);
        Assert.True(left.Count == 0,
            $"30 s after every expiry fired, undeleted wake-up rows remain: {string.Join("; ", left.Select(kv => $"{kv.Key} [{string.Join(",", kv.Value)}]"))}");

        // The API shows each expiry once, with the same instant.
        foreach (var id in accounts)
        {
            var (status, body) = await client.GetJsonAsync($"/api/accounts/{id}/notifications");
            Assert.Equal(HttpStatusCode.OK, status);
            var expired = body!["notifications"]!.AsArray().Where(n => n.Text("kind") == JournalFacts.SubscriptionExpired).ToList();
            Assert.True(expired.Count == 1, $"{id}: expected one pending subscription-expired notification, got {body.ToJsonString()}");
            var at = DateTimeOffset.Parse(expired[0].Text("at"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(at >= expiries[id] && at - expiries[id] < onTime, $"{id}: notification at {expired[0].Text("at")}, expiry {TestAccount.Wire(expiries[id])}");
        }
    }

    /// <summary>
    /// An account asleep with its next due instant (the trial's first reminder, a week ahead) in the wake-up index
    /// has its expiry moved to a few seconds ahead. Once that expiry has fired and nothing is due any more, the index
    /// holds nothing for it: the superseded instant is not left behind (to fire, uselessly, a week later).
    /// </summary>
    [Fact]
    public async Task A_due_instant_moved_while_asleep_leaves_nothing_behind_in_the_wakeup_index()
    {
        using var database = TestDatabase.Sqlite();
        var journal = new JournalReader(database);

        await using var node = await StartAsync(database);
        using var client = node.Client();
        var accounts = await SignUpWithDevicesAsync(client, "moved", 5);
        await Task.Delay(PassivationWait); // idle: they sleep, their next due instant (a trial reminder) with the index
        var expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(8));
        await SetExpiryAsync(client, accounts, expiresAt);

        var raised = await WaitForExpiriesAsync(journal, accounts, expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30));
        await AssertExactlyOneEachAsync(journal, raised, accounts, "30 s after the expiry", node);

        var waited = Stopwatch.StartNew();
        IReadOnlyDictionary<string, string[]> left;
        while ((left = await LeftoverWakeupRowsAsync(journal)).Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(PollInterval);
        Assert.True(left.Count == 0,
            $"30 s after every expiry fired (nothing else is due), undeleted wake-up rows remain: {string.Join("; ", left.Select(kv => $"{kv.Key} [{string.Join(",", kv.Value)}]"))}");
    }

    private static async Task<IReadOnlyDictionary<string, string[]>> LeftoverWakeupRowsAsync(JournalReader journal) =>
        (await journal.LiveRowsAsync(JournalFacts.WakeupBucketPrefix))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
}
