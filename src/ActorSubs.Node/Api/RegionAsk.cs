using System.Diagnostics;
using ActorSubs.Domain;
using ActorSubs.Node.Configuration;
using Akka.Actor;
using Prometheus;

namespace ActorSubs.Node.Api;

/// <summary>
/// An ask of a cluster region: no answer within <see cref="ApiOptions.AskTimeout"/> is a 503 <c>unavailable</c>, which
/// clients retry. Akka delivers at most once, and a region drops a message that reaches a shard while the shard is
/// handed off to another node; so a message that is safe to repeat (a read, or a command its entity recognises when it
/// comes twice) is sent again after <see cref="ApiOptions.ResendAfter"/> without an answer.
/// </summary>
public static class RegionAsk
{
    private static readonly Counter Resends = Metrics.CreateCounter(
        "actorsubs_command_resends_total", "Reads and repeatable commands sent again after no answer.", "command");

    /// <param name="name">The message's name in the log and the resend metric.</param>
    /// <param name="what">Who did not answer, as a log line and the problem's detail say it.</param>
    /// <param name="detail">The problem's detail, when the default ("{what} did not answer in time; retry.") says too little.</param>
    public static async Task<T> AskOrUnavailableAsync<T>(this IActorRef region, object message, string name, bool repeatable,
        string what, ApiOptions options, ILogger log, CancellationToken cancellation, string? detail = null)
    {
        var started = Stopwatch.GetTimestamp();
        for (var remaining = options.AskTimeout; remaining > TimeSpan.Zero; remaining = options.AskTimeout - Stopwatch.GetElapsedTime(started))
        {
            var wait = repeatable && options.ResendAfter < remaining ? options.ResendAfter : remaining;
            try
            {
                return await region.Ask<T>(message, wait, cancellation);
            }
            catch (AskTimeoutException) when (wait < remaining)
            {
                Resends.WithLabels(name).Inc();
                log.LogInformation("{What} did not answer {Message} within {Wait}: sending it again", what, name, wait);
            }
            catch (AskTimeoutException)
            {
                break;
            }
        }
        log.LogWarning("{What} did not answer {Message} within {Timeout}", what, name, options.AskTimeout);
        throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, RejectionCodes.Unavailable, "Temporarily unavailable.",
            detail ?? $"{what} did not answer in time; retry.");
    }
}
