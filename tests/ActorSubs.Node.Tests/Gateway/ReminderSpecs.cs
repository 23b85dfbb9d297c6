using System.Text.Json.Nodes;
using System.Xml;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Gateway;

/// <summary>R13: expiring-soon reminders reach a connected device at their leads, before the expiry itself.</summary>
public sealed class ReminderSpecs
{
    // Note (reported): binding appends configured array elements to the property's initializer, so these leads bind as
    // 7d, 1d, 4s, 2s (and appsettings.json's two leads as 7d, 1d, 7d, 1d). The assertions only rely on 4 s and 2 s.
    [Fact]
    public async Task Expiring_soon_reminders_arrive_at_their_leads_before_subscription_expired()
    {
        await using var own = await OwnNode.StartAsync(new Dictionary<string, string?>
        {
            // An array in configuration: one key per index.
            ["ActorSubs:Subscriptions:ReminderLeads:0"] = "00:00:04",
            ["ActorSubs:Subscriptions:ReminderLeads:1"] = "00:00:02",
            ["ActorSubs:Subscriptions:ExpiredSessionLimit"] = "00:00:01",
        });
        using var account = await TestAccount.SignUpAsync(own.Node, "remind");
        var token = await account.AddDeviceAsync("phone", "ios");
        await using var ws = await WsClient.ConnectAsync(own.Node, "/ws/device", token);
        await ws.ReceiveTypeAsync("welcome");
        var expiresAt = TestAccount.Ms(DateTimeOffset.UtcNow.AddSeconds(6));

        await account.AdjustExpiryAsync(expiresAt);

        var received = new List<(JsonNode Frame, DateTimeOffset At)>();
        while (true)
        {
            var frame = await ws.ReceiveTypeAsync("notification", TimeSpan.FromSeconds(10));
            received.Add((frame, DateTimeOffset.UtcNow));
            if (frame.Text("kind") == "subscription-expired") break;
        }
        var reminders = received.Where(r => r.Frame.Text("kind") == "expiring-soon").ToList();
        var leads = reminders.Select(r => r.Frame.Text("data.lead")).ToList();
        var summary = string.Join(", ", received.Select(r => $"{r.Frame.Text("kind")} {r.Frame.Text("data.lead")} at {r.At:HH:mm:ss.fff}"));

        // Leads are ISO-8601 durations on the wire, as every client platform can read them (not .NET's "00:00:04").
        Assert.True(leads.IndexOf("PT4S") >= 0 && leads.IndexOf("PT2S") > leads.IndexOf("PT4S"), summary);
        foreach (var (frame, at) in reminders.Where(r => r.Frame.Text("data.lead") is "PT4S" or "PT2S"))
        {
            var due = expiresAt - XmlConvert.ToTimeSpan(frame.Text("data.lead"));
            Assert.True(at - due < TimeSpan.FromSeconds(1) && at - due > TimeSpan.FromMilliseconds(-200), $"{frame.ToJsonString()} at {at:HH:mm:ss.fff}; {summary}");
            Assert.Equal(TestAccount.Wire(expiresAt), frame.Text("data.expiresAt"));
        }
        Assert.True(received[^1].At - expiresAt < TimeSpan.FromSeconds(1), summary);

        // Not acknowledged, so still kept: the HTTP list writes the same leads the same way.
        var kept = (await account.NotificationsAsync())["notifications"]!.AsArray()
            .Where(n => n.Text("kind") == "expiring-soon").Select(n => n.Text("data.lead")).ToList();
        Assert.Contains("PT4S", kept);
        Assert.Contains("PT2S", kept);
    }
}
