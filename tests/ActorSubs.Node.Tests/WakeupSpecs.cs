using System.Net;
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
            // Far enough ahead that the restarted node is up well before it, even on a loaded machine.
            expiresAt = DateTimeOffset.UtcNow.AddSeconds(15);
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
