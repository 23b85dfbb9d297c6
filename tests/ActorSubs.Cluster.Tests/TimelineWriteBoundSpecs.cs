using System.Text;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using Akka.TestKit;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// Writes that time starts are bounded per node (<see cref="EntitySettings.TimelineWritesInFlight"/>, one here): when the
/// journal stalls at an instant, the accounts beyond the bound still push at once and wait for a permit before they
/// write, and every one of them writes once the journal moves again. The stall is real: the spec holds the SQLite
/// file's write lock.
/// </summary>
public sealed class TimelineWriteBoundSpecs : AccountClusterSpec
{
    private static readonly string[] AccountIds = ["acc-bound-1", "acc-bound-2", "acc-bound-3"];

    protected override EntitySettings Entities => new() { TimelineWritesInFlight = 1, PassivateIdleAfter = TimeSpan.FromMilliseconds(300) };

    private async Task<(DateTimeOffset ExpiresAt, TestProbe Session)> TrialWithAttachedPhoneAsync(string accountId)
    {
        var created = await AcceptAsync(accountId, Samples.CreateAccount(accountId));
        await AcceptAsync(accountId, new AddDevice(new DeviceId("phone"), Platform.Android, "Phone", Samples.Sha256("phone-token")));
        var session = CreateTestProbe();
        Accounts.Tell(new Attach(accountId, AgentKind.Device, "phone", Samples.Sha256("phone-token"), "s-" + accountId, session.Ref,
            Clock.GetUtcNow()), session.Ref);
        await session.ExpectMsgAsync<Attached>();
        return (created.Subscription.ExpiresAt, session);
    }

    [Fact]
    public async Task With_the_journal_stalled_every_account_pushes_at_its_instant_the_excess_waits_for_a_permit_and_all_write_after()
    {
        // Arrange: three trials created together expire together.
        var trials = new List<(string Id, DateTimeOffset ExpiresAt, TestProbe Session)>();
        foreach (var id in AccountIds)
        {
            var (expiresAt, session) = await TrialWithAttachedPhoneAsync(id);
            trials.Add((id, expiresAt, session));
        }
        var bucket = CreateTestProbe();
        Clock.Advance(trials.Max(t => t.ExpiresAt) - Clock.GetUtcNow());
        var waitingBefore = await WaitingForPermitAsync(); // the gauge is per process, shared with other specs' nodes

        using (Journal.HoldWriteLock())
        {
            // Act
            foreach (var (id, expiresAt, _) in trials) Accounts.Tell(new WakeupProtocol.Wake(id, "b-1", expiresAt), bucket.Ref);

            // Assert: every device hears its expiry while nothing can be written ...
            foreach (var (_, _, session) in trials)
                await session.FishForMessageAsync<Push>(p => p.Notification.Kind == NotificationKind.SubscriptionExpired);
            // ... one account writes (and waits for the disk), the two others wait for its permit, and nothing is acknowledged.
            await AwaitAssertAsync(async () => Assert.Equal(waitingBefore + 2, await WaitingForPermitAsync()), AskTimeout);
            await bucket.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        }

        // Assert: once the journal moves, each account writes its expiry and acknowledges, one permit after the other.
        var acknowledged = new List<string>();
        for (var i = 0; i < trials.Count; i++)
            acknowledged.Add((await bucket.ExpectMsgAsync<WakeupProtocol.WakeAcknowledged>(AskTimeout)).AccountId);
        Assert.Equal(AccountIds.Order(), acknowledged.Order());
        foreach (var id in AccountIds) Assert.Single(ManifestsOf(id), m => m == "nr");
        Assert.Equal(waitingBefore, await WaitingForPermitAsync());
    }

    [Fact]
    public async Task Sleeping_accounts_woken_at_a_stalled_instant_wait_for_a_permit_after_their_recovery_and_all_write_after()
    {
        // Arrange: three trials expire together, and their accounts are asleep (passivated).
        var expiries = new List<DateTimeOffset>();
        foreach (var id in AccountIds)
        {
            expiries.Add((await AcceptAsync(id, Samples.CreateAccount(id))).Subscription.ExpiresAt);
            Accounts.Tell(new AccountProtocol.Get(id, Caller.Operator), TestActor);
            await ExpectMsgAsync<AccountProtocol.Accepted>(AskTimeout);
            Watch(LastSender);
            await ExpectTerminatedAsync(LastSender, TimeSpan.FromSeconds(10));
        }
        var bucket = CreateTestProbe();
        Clock.Advance(expiries.Max() - Clock.GetUtcNow());
        var waitingBefore = await WaitingForPermitAsync();

        using (Journal.HoldWriteLock())
        {
            // Act: the wake-up index starts them; each recovery finds its expiry due.
            for (var i = 0; i < AccountIds.Length; i++) Accounts.Tell(new WakeupProtocol.Wake(AccountIds[i], "b-1", expiries[i]), bucket.Ref);

            // Assert: recoveries read beside the stalled writer; one account writes, two wait for its permit.
            await AwaitAssertAsync(async () => Assert.Equal(waitingBefore + 2, await WaitingForPermitAsync()), AskTimeout);
            await bucket.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        }

        for (var i = 0; i < AccountIds.Length; i++) await bucket.ExpectMsgAsync<WakeupProtocol.WakeAcknowledged>(AskTimeout);
        foreach (var id in AccountIds) Assert.Single(ManifestsOf(id), m => m == "nr");
        Assert.Equal(waitingBefore, await WaitingForPermitAsync());
    }

    /// <summary>The node's gauge as <c>/metrics</c> shows it to an operator.</summary>
    private static async Task<double> WaitingForPermitAsync()
    {
        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        var line = Encoding.UTF8.GetString(text.ToArray()).Split('\n')
            .Single(l => l.StartsWith("actorsubs_timeline_writes_waiting ", StringComparison.Ordinal));
        return double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
