using ActorSubs.Cluster.Stores;
using ActorSubs.Cluster.Tests.Support;
using Akka.Actor;
using static ActorSubs.Cluster.Stores.ParkedProtocol;

namespace ActorSubs.Cluster.Tests;

/// <summary>The parked store notifications: the newest 1,000, newest first, a running total, kept across restarts.</summary>
public sealed class ParkedNotificationsSpecs : AccountClusterSpec
{
    private static ParkedNotification Parked(int i, StoreName store = StoreName.AppStore) =>
        new(store, $"n-{i:D4}", Samples.At.AddSeconds(i), "no-account-linked", $"200000081234{i:D4}");

    private Task<object> AskAsync(IParkedMessage message) => ActorRegistry.Get<ParkedNotificationsEntity>().Ask<object>(message, AskTimeout);

    [Fact]
    public async Task Parked_notifications_are_listed_newest_first_and_a_redelivery_is_not_counted_twice()
    {
        await AskAsync(new Park(Parked(1)));
        await AskAsync(new Park(Parked(2, StoreName.Cleverbridge)));
        var redelivered = await AskAsync(new Park(Parked(1)));
        var sameIdOtherStore = await AskAsync(new Park(Parked(1, StoreName.GooglePlay)));

        var list = (ParkedList)await AskAsync(GetParked.Instance);

        Assert.Equal(new ParkStored(Added: false), redelivered);
        Assert.Equal(new ParkStored(Added: true), sameIdOtherStore);
        Assert.Equal(3, list.Total);
        Assert.Equal([Parked(1, StoreName.GooglePlay), Parked(2, StoreName.Cleverbridge), Parked(1)], list.Notifications);
    }

    [Fact]
    public async Task Only_the_newest_thousand_are_kept_while_the_total_counts_all_and_both_survive_a_restart()
    {
        // Sent in waves, so the entity's persist batches stay realistic rather than 1,050 asks at once.
        for (var wave = 0; wave < 1050; wave += 50)
            await Task.WhenAll(Enumerable.Range(wave, 50).Select(i => AskAsync(new Park(Parked(i)))));

        var before = (ParkedList)await AskAsync(GetParked.Instance);
        var restarted = await RestartAsync();
        var after = (ParkedList)await restarted.Registry.Get<ParkedNotificationsEntity>().Ask<object>(GetParked.Instance, AskTimeout);

        Assert.Equal(1050, before.Total);
        Assert.Equal(Kept, before.Notifications.Length);
        Assert.DoesNotContain(before.Notifications, n => n.NotificationId == "n-0049");
        Assert.Contains(before.Notifications, n => n.NotificationId == "n-0050");
        Assert.Equal(Enumerable.Range(50, 1000).Select(i => $"n-{i:D4}").ToHashSet(), before.Notifications.Select(n => n.NotificationId).ToHashSet());
        Assert.StartsWith("n-10", before.Notifications[0].NotificationId); // newest first: the last wave is 1000-1049
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(before.Notifications, after.Notifications);
        // Recovery starts from a snapshot, not from 1,050 events: the events before the last snapshot were deleted.
        Assert.NotEmpty(Journal.Snapshots("store-parked"));
        var live = Journal.LiveEvents("store-parked").Count;
        Assert.True(live < ParkedNotificationsEntity.SnapshotEvery, $"{live} events left in the journal");
    }
}
