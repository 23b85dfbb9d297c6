using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

/// <summary>
/// The durable wake-up index: an account that nobody touches still does its due work at the due instant,
/// even when the node that held it was restarted in between.
/// </summary>
public sealed class WakeupSpecs
{
    /// <summary>Seconds instead of hours: the crash specs' settings (CrashScenario.FastSettings).</summary>
    private static readonly Dictionary<string, string?> FastWakeups =
        CrashSafety.CrashScenario.FastSettings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);

    [Fact]
    public async Task An_untouched_account_raises_its_expiry_at_the_instant_after_a_node_restart() =>
        await UntouchedAccountRaisesItsExpiryAfterRestartAsync(TestDatabase.Sqlite());

    /// <summary>The same on PostgreSQL: the wake-up feed reads the journal's tag table there too.</summary>
    [SkippableFact]
    public async Task On_postgresql_an_untouched_account_raises_its_expiry_at_the_instant_after_a_node_restart() =>
        await UntouchedAccountRaisesItsExpiryAfterRestartAsync(await TestDatabase.PostgresAsync());

    /// <summary>
    /// Warm-ups end to end: the bucket starts the sleeping account ahead of its instant, the account stays in memory
    /// until then and raises the expiry there (a wake of a sleeping account would be counted as "recovery"). Its own
    /// timer usually comes first; the bucket's wake at the same instant may beat it (the timer's last stretch runs on
    /// the thread pool), which is as good: the account was already in memory. Five seconds of lead, so a recovery on a
    /// loaded machine still fits in it.
    /// </summary>
    [Fact]
    public async Task A_sleeping_account_is_started_ahead_of_its_expiry_and_raises_it_without_a_recovery()
    {
        var settings = new Dictionary<string, string?>(FastWakeups)
        {
            ["ActorSubs:Wakeups:ActivationLead"] = "00:00:06",
            ["ActorSubs:Wakeups:WarmUpLead"] = "00:00:05",
        };
        await using var node = await TestNode.StartAsync(settings);
        using var client = node.Client();
        await client.SignUpAsync("early-riser");
        var before = await DueCountsAsync(client);
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(12);
        var adjusted = await client.PutJsonAsync("/api/admin/accounts/early-riser/subscription", new { expiresAt = expiresAt.ToString("O") });
        Assert.Equal(HttpStatusCode.OK, adjusted.Status);
        await Task.Delay(CrashSafety.CrashScenario.PassivationWait); // asleep: its instant is beyond the lead

        await Task.Delay(expiresAt + TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow);
        var after = await DueCountsAsync(client);

        Assert.True(after.WarmUps > before.WarmUps, "no warm-up was sent");
        Assert.Equal((InMemory: before.Timer + before.Wakeup + 1, Recovery: before.Recovery),
            (InMemory: after.Timer + after.Wakeup, after.Recovery));
    }

    private static async Task<(double WarmUps, double Timer, double Wakeup, double Recovery)> DueCountsAsync(HttpClient client)
    {
        var metrics = await client.GetStringAsync("/metrics");
        double Value(string series)
        {
            var line = Regex.Match(metrics, "^" + Regex.Escape(series) + @" (\S+)$", RegexOptions.Multiline);
            return line.Success ? double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        }
        return (Value("actorsubs_wakeups_warmups_sent_total"),
            Value("actorsubs_due_lateness_seconds_count{woken_by=\"timer\"}"),
            Value("actorsubs_due_lateness_seconds_count{woken_by=\"wakeup\"}"),
            Value("actorsubs_due_lateness_seconds_count{woken_by=\"recovery\"}"));
    }

    private static async Task UntouchedAccountRaisesItsExpiryAfterRestartAsync(TestDatabase db)
    {
        using var database = db;
        DateTimeOffset expiresAt;
        string apiKey;
        await using (var node = await TestNode.StartAsync(database, FastWakeups))
        {
            using var client = node.Client();
            apiKey = await client.SignUpAsync("sleeper");
            await client.PostJsonAsync("/api/accounts/sleeper/devices", new { deviceId = "tablet", platform = "android", name = "Tablet" });
            // Far enough ahead that the restarted node is up well before it, even on a loaded machine. In whole
            // milliseconds, as the wire writes times: raised within a millisecond of a finer instant, the notification's
            // truncated "at" would read as before it.
            expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow.AddSeconds(15));
            var adjusted = await client.PutJsonAsync("/api/admin/accounts/sleeper/subscription", new { expiresAt = expiresAt.ToString("O") });
            Assert.Equal(HttpStatusCode.OK, adjusted.Status);
            // Idle for longer than PassivateIdleAfter: the account registers its wake-up and goes to sleep.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        await using (var node = await TestNode.StartAsync(database, FastWakeups))
        {
            // Nobody touches the account until well after its expiry.
            var wait = expiresAt + TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);

            using var owner = node.Client(apiKey);
            var (status, body) = await owner.GetJsonAsync("/api/accounts/sleeper/notifications");
            Assert.Equal(HttpStatusCode.OK, status);
            var expired = Assert.Single(body!["notifications"]!.AsArray(), n => n!["kind"]!.GetValue<string>() == "subscription-expired");
            var raisedAt = DateTimeOffset.Parse(expired!["at"]!.GetValue<string>());
            // Raised by the wake-up at the instant, not by this request's catch-up three seconds later.
            Assert.True(raisedAt - expiresAt < TimeSpan.FromSeconds(1.5), $"raised {(raisedAt - expiresAt).TotalMilliseconds} ms after expiry");
            Assert.True(raisedAt >= expiresAt, "never before the expiry");
        }
    }
}
