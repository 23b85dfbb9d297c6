using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Cluster.Wakeups;
using Akka.Actor;
using static ActorSubs.Cluster.Accounts.AccountProtocol;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// An account started ahead of its instant by the wake-up index (<see cref="WakeupProtocol.WarmUp"/>) stays in memory
/// until the instant, so its own timer fires it; one whose next instant is far passivates as before. Passivation is a
/// real-time receive timeout (kept short here); due instants are on the manual clock.
/// </summary>
public sealed class AccountWarmUpSpecs : AccountClusterSpec
{
    private const string AccountId = "acc-warm";
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMilliseconds(300);

    protected override EntitySettings Entities => new() { PassivateIdleAfter = IdleAfter };

    private async Task<IActorRef> EntityAsync()
    {
        Accounts.Tell(new Get(AccountId, Caller.Operator), TestActor);
        await ExpectMsgAsync<Accepted>(AskTimeout);
        return LastSender;
    }

    [Fact]
    public async Task An_account_warmed_up_ahead_of_its_expiry_stays_in_memory_until_it_and_then_passivates()
    {
        // Arrange: a trial whose expiry is far off passivates when idle.
        var created = await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        var expiresAt = created.Subscription.ExpiresAt;
        var asleep = await EntityAsync();
        Watch(asleep);
        await ExpectTerminatedAsync(asleep, TimeSpan.FromSeconds(10));
        Clock.Advance(expiresAt - Clock.GetUtcNow() - TimeSpan.FromSeconds(20));
        var bucket = CreateTestProbe();

        // Act: the bucket warms it up 20 s (less than the lead) ahead.
        Accounts.Tell(new WakeupProtocol.WarmUp(AccountId, "b-1", expiresAt), bucket.Ref);
        await bucket.ExpectMsgAsync<WakeupProtocol.WarmedUp>(w => Assert.Equal(AccountId, w.AccountId), AskTimeout);
        var warm = bucket.LastSender;
        Watch(warm);

        // Assert: idle for many times the idle limit, still there; once its expiry has fired, it may sleep.
        await ExpectNoMsgAsync(IdleAfter * 6);
        Clock.Advance(TimeSpan.FromSeconds(20));
        Accounts.Tell(new WakeupProtocol.Wake(AccountId, "b-1", expiresAt), bucket.Ref);
        await bucket.ExpectMsgAsync<WakeupProtocol.WakeAcknowledged>(AskTimeout);
        await ExpectTerminatedAsync(warm, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_warm_up_for_an_account_that_does_not_exist_is_answered_and_writes_nothing()
    {
        var bucket = CreateTestProbe();

        Accounts.Tell(new WakeupProtocol.WarmUp("acc-nobody", "b-1", Clock.GetUtcNow()), bucket.Ref);

        await bucket.ExpectMsgAsync<WakeupProtocol.WarmedUp>(w => Assert.Equal("acc-nobody", w.AccountId), AskTimeout);
        Assert.Empty(Journal.Events(PersistenceIdOf("acc-nobody")));
    }
}
