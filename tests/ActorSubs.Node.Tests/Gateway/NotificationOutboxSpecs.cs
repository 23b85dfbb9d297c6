using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Gateway;

/// <summary>R13 on the device socket: notifications kept for offline devices until acknowledged, and the outbox bound.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class NotificationOutboxSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task A_notification_raised_while_offline_is_delivered_on_every_connect_until_the_device_acknowledges_it()
    {
        using var account = await TestAccount.SignUpAsync(_node, "outbox");
        var phone = await account.AddDeviceAsync("phone", "ios");
        await account.AddDeviceAsync("tablet", "android");
        await account.BuyLicencePackAsync();

        string id;
        await using (var first = await WsClient.ConnectAsync(_node, "/ws/device", phone))
        {
            await first.ReceiveTypeAsync("welcome");
            var added = await first.ReceiveNotificationAsync("hosts-added");
            Assert.Equal("10", added.Text("data.hostLimit"));
            Assert.False(string.IsNullOrEmpty(added.Text("at")));
            id = added.Text("id");
        }

        await using (var second = await WsClient.ConnectAsync(_node, "/ws/device", phone))
        {
            await second.ReceiveTypeAsync("welcome");
            var again = await second.ReceiveNotificationAsync("hosts-added");
            Assert.Equal(id, again.Text("id"));
            await second.SendAsync(new { type = "ack", id });

            // Still kept for the tablet, no longer for the phone.
            var pending = await Eventually.AsyncValue(() => account.PendingNotificationAsync(id),
                n => n?["pendingFor"]?.AsArray().Count == 1, TimeSpan.FromSeconds(5), "the ack to be written");
            Assert.Equal(["tablet"], pending!["pendingFor"]!.AsArray().Select(d => d!.GetValue<string>()));
            Assert.Equal("hosts-added", pending.Text("kind"));
        }

        await using (var third = await WsClient.ConnectAsync(_node, "/ws/device", phone))
        {
            await third.ReceiveTypeAsync("welcome");
            await third.ExpectSilenceAsync(TimeSpan.FromMilliseconds(500));
        }
    }

    [Fact]
    public async Task Once_every_recipient_has_acknowledged_a_notification_it_is_no_longer_kept()
    {
        using var account = await TestAccount.SignUpAsync(_node, "acked");
        var token = await account.AddDeviceAsync("phone", "web");
        await account.BuyLicencePackAsync();
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await ws.ReceiveTypeAsync("welcome");
        var id = (await ws.ReceiveNotificationAsync("hosts-added")).Text("id");
        Assert.NotNull(await account.PendingNotificationAsync(id));

        await ws.SendAsync(new { type = "ack", id });

        await Eventually.AsyncValue(() => account.PendingNotificationAsync(id), n => n is null, TimeSpan.FromSeconds(5),
            "the acknowledged notification to leave the outbox");
    }

    [Fact]
    public async Task A_notification_raised_while_connected_is_pushed_at_once()
    {
        using var account = await TestAccount.SignUpAsync(_node, "push");
        var token = await account.AddDeviceAsync("phone", "android");
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await ws.ReceiveTypeAsync("welcome");

        var before = DateTimeOffset.UtcNow;
        await account.BuyLicencePackAsync();
        var added = await ws.ReceiveNotificationAsync("hosts-added", TimeSpan.FromSeconds(5));

        Assert.True(DateTimeOffset.UtcNow - before < TimeSpan.FromSeconds(1));
        Assert.Equal("10", added.Text("data.hostLimit"));
    }

    [Fact]
    public async Task The_outbox_keeps_the_newest_notifications_up_to_its_limit_and_counts_the_dropped_ones()
    {
        await using var own = await OwnNode.StartAsync(new Dictionary<string, string?>
        {
            ["ActorSubs:Subscriptions:OutboxLimit"] = "3",
        });
        using var account = await TestAccount.SignUpAsync(own.Node, "limit");
        var token = await account.AddDeviceAsync("phone", "ios");
        for (var i = 0; i < 5; i++) await account.BuyLicencePackAsync();

        var kept = await account.NotificationsAsync();
        Assert.Equal(2, kept["droppedNotifications"]!.GetValue<long>());
        var keptIds = kept["notifications"]!.AsArray().Select(n => n.Text("id")).ToArray();
        Assert.Equal(3, keptIds.Length);

        await using var ws = await WsClient.ConnectAsync(own.Node, "/ws/device", token);
        var welcome = await ws.ReceiveTypeAsync("welcome");
        Assert.Equal(2, welcome["droppedNotifications"]!.GetValue<long>());
        var delivered = new List<string>();
        for (var i = 0; i < 3; i++) delivered.Add((await ws.ReceiveNotificationAsync("hosts-added")).Text("data.hostLimit"));
        // The newest three: the third, fourth and fifth pack.
        Assert.Equal(["20", "25", "30"], delivered);
        await ws.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }
}
