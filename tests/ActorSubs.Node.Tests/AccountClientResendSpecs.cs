using ActorSubs.Cluster.Accounts;
using ActorSubs.Domain;
using ActorSubs.Node.Api;
using ActorSubs.Node.Configuration;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Tests;

/// <summary>
/// Akka delivers at most once: a shard region drops a message that reaches a shard while it is handed off to another
/// node ("Dropping buffered messages to shard during hand off"). The client sends reads and repeatable commands again
/// and sends the others once. The region here is an actor that loses the first message it gets, as that one would.
/// </summary>
public sealed class AccountClientResendSpecs : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("resend-specs");
    private IActorRef _region = ActorRefs.Nobody;

    [Fact]
    public async Task A_read_whose_first_message_is_lost_is_sent_again_and_answered()
    {
        var client = Client(askTimeout: TimeSpan.FromSeconds(10), resendAfter: TimeSpan.FromMilliseconds(300));

        var view = await client.GetNotificationsAsync("acc-1", Caller.Operator, CancellationToken.None);

        Assert.Empty(view.Notifications);
        Assert.Equal(2, await _region.Ask<int>(LosesFirstMessage.HowMany.Instance));
    }

    [Fact]
    public async Task A_command_that_is_not_repeatable_is_sent_once_and_answered_503_when_lost()
    {
        var client = Client(askTimeout: TimeSpan.FromSeconds(1.5), resendAfter: TimeSpan.FromMilliseconds(300));

        var problem = await Assert.ThrowsAsync<ApiProblem>(() =>
            client.ExecuteAsync("acc-1", new AccountCommands.SetAutoRenew(true), Caller.Operator, CancellationToken.None));

        Assert.Equal(503, problem.Status);
        Assert.Equal(RejectionCodes.Unavailable, problem.Code);
        Assert.Equal(1, await _region.Ask<int>(LosesFirstMessage.HowMany.Instance));
    }

    private AccountClient Client(TimeSpan askTimeout, TimeSpan resendAfter)
    {
        _region = _system.ActorOf(Props.Create(() => new LosesFirstMessage()));
        return new AccountClient(new Region(_region), Options.Create(new ApiOptions { AskTimeout = askTimeout, ResendAfter = resendAfter }),
            NullLogger<AccountClient>.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    private sealed class Region(IActorRef actor) : IRequiredActor<AccountEntity>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }

    /// <summary>Drops the first account message, answers the later ones with an empty list, and counts them.</summary>
    private sealed class LosesFirstMessage : ReceiveActor
    {
        public sealed class HowMany
        {
            public static readonly HowMany Instance = new();
        }

        public LosesFirstMessage()
        {
            var received = 0;
            Receive<HowMany>(_ => Sender.Tell(received));
            Receive<IWithAccountId>(_ =>
            {
                if (++received > 1) Sender.Tell(new AccountProtocol.NotificationsView([], 0));
            });
        }
    }
}
