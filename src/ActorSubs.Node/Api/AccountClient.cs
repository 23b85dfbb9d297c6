using System.Diagnostics;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Domain;
using ActorSubs.Node.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace ActorSubs.Node.Api;

/// <summary>
/// The HTTP side's one door to the accounts: asks the shard region, times the command, and turns a
/// rejection or a timeout into a problem. Reads and repeatable commands are sent again without an answer
/// (<see cref="RegionAsk"/>).
/// </summary>
public sealed class AccountClient(IRequiredActor<AccountEntity> region, IOptions<ApiOptions> options, ILogger<AccountClient> log)
{
    private static readonly Counter Commands = Metrics.CreateCounter(
        "actorsubs_commands_total", "Account commands by type and outcome.", "command", "outcome");

    private static readonly Histogram CommandSeconds = Metrics.CreateHistogram(
        "actorsubs_command_duration_seconds", "Time from asking an account to its reply (after the write).",
        new HistogramConfiguration
        {
            LabelNames = ["command"],
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
        });

    public async Task<AccountView> ExecuteAsync(string accountId, IAccountCommand command, Caller caller, CancellationToken cancellation) =>
        (AccountView)await AskAsync(new AccountProtocol.Execute(accountId, command, caller), command.GetType().Name,
            command is IRepeatableCommand, cancellation);

    public async Task<AccountView> GetAsync(string accountId, Caller caller, CancellationToken cancellation) =>
        (AccountView)await AskAsync(new AccountProtocol.Get(accountId, caller), "Get", repeatable: true, cancellation);

    public async Task<AccountProtocol.NotificationsView> GetNotificationsAsync(string accountId, Caller caller, CancellationToken cancellation) =>
        (AccountProtocol.NotificationsView)await AskAsync(new AccountProtocol.GetNotifications(accountId, caller), "GetNotifications",
            repeatable: true, cancellation);

    /// <summary>The successful answer (a view), or a problem thrown for a rejection or a timeout.</summary>
    private async Task<object> AskAsync(IWithAccountId message, string name, bool repeatable, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        string outcome = "error";
        try
        {
            object reply;
            try
            {
                reply = await region.ActorRef.AskOrUnavailableAsync<object>(message, name, repeatable, $"Account {message.AccountId}",
                    options.Value, log, cancellation, "The account did not answer in time; the command may or may not have been " +
                    "applied. Retry with the same transaction id.");
            }
            catch (ApiProblem)
            {
                outcome = "timeout";
                throw;
            }
            if (reply is AccountProtocol.Rejected rejected)
            {
                outcome = rejected.Rejection.Code;
                throw ApiProblem.From(rejected.Rejection);
            }
            object answer = reply switch
            {
                AccountProtocol.Accepted accepted => accepted.View,
                AccountProtocol.NotificationsView notifications => notifications,
                _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
            };
            outcome = "accepted";
            return answer;
        }
        finally
        {
            Commands.WithLabels(name, outcome).Inc();
            CommandSeconds.WithLabels(name).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
