using System.Collections.Concurrent;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// The account entity and a payment channel that fails technically (throws, then answers Failed) before it charges: the
/// entity writes no decline, tells the device nothing but the renewal, and makes the same charge (same key) again after
/// short retry delays. The manual clock says when the expiry is; the retry delays are real but milliseconds long.
/// </summary>
public sealed class ChargeRetrySpecs : AccountClusterSpec
{
    private const string AccountId = "acc-flaky-provider";

    private readonly ScriptedChannels _channels = new();

    protected override IPaymentChannels Payments => _channels;

    protected override PaymentOptions PaymentSettings => new()
    {
        RetryInitialDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task Technical_failures_are_retried_with_the_same_key_without_a_decline_until_the_charge_succeeds()
    {
        // Arrange: a paid web subscription with auto-renew and an attached phone.
        await AcceptAsync(AccountId, Samples.CreateAccount(AccountId));
        var paid = await AcceptAsync(AccountId, new Purchase(Plan.Monthly, Channel.Web, new TransactionId("cb-first")));
        await AcceptAsync(AccountId, new SetAutoRenew(true));
        await AcceptAsync(AccountId, new AddDevice(new DeviceId("phone"), Platform.Android, "Phone", Samples.Sha256("phone-token")));
        var session = CreateTestProbe();
        Accounts.Tell(new Attach(AccountId, AgentKind.Device, "phone", Samples.Sha256("phone-token"), "s-1", session.Ref, Clock.GetUtcNow()), session.Ref);
        await session.ExpectMsgAsync<Attached>();
        var expiresAt = paid.Subscription.ExpiresAt;
        _channels.Answers.Enqueue(_ => throw new HttpRequestException("connection refused"));
        _channels.Answers.Enqueue(_ => ChargeResult.Failed("provider answered 503"));

        // Act: the expiry comes and the wake-up index wakes the account.
        Clock.Advance(expiresAt - Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        Accounts.Tell(new WakeupProtocol.Wake(AccountId, "b-1", expiresAt), CreateTestProbe().Ref);

        // Assert: the only thing the phone hears is the renewal ...
        var push = await session.FishForMessageAsync<Push>(p => p.Notification.Kind != NotificationKind.ExpiringSoon, TimeSpan.FromSeconds(20));
        Assert.Equal(NotificationKind.Renewed, push.Notification.Kind);
        Assert.Equal(Plans.PeriodEnd(Plan.Monthly, expiresAt), (await GetViewAsync(AccountId)).Subscription.ExpiresAt);
        // ... three tries of one charge, one key, attempt 1 throughout ...
        Assert.Equal(3, _channels.Requests.Count);
        Assert.Single(_channels.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.All(_channels.Requests, r => Assert.Equal(1, r.Attempt));
        // ... and the journal holds the charge and no decline.
        var manifests = ManifestsOf(AccountId);
        Assert.Single(manifests, m => m == "rc");
        Assert.DoesNotContain("rd", manifests);
    }

    /// <summary>Answers charges as the spec scripts them, in order; charges once the script is used up.</summary>
    private sealed class ScriptedChannels : IPaymentChannels
    {
        public ConcurrentQueue<Func<ChargeRequest, ChargeResult>> Answers { get; } = new();

        public ConcurrentQueue<ChargeRequest> Requests { get; } = new();

        public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellation)
        {
            Requests.Enqueue(request);
            return Task.Run(() => Answers.TryDequeue(out var answer) ? answer(request) : ChargeResult.Charged("tx-" + request.IdempotencyKey),
                cancellation);
        }
    }
}
