using ActorSubs.Domain;
using Akka.Actor;

namespace ActorSubs.Node.Api;

/// <summary>An ask of a cluster entity: no answer in time is a 503 <c>unavailable</c>, which clients retry.</summary>
public static class RegionAsk
{
    public static async Task<T> AskOrUnavailableAsync<T>(this IActorRef region, object message, TimeSpan timeout,
        string what, ILogger log, CancellationToken cancellation)
    {
        try { return await region.Ask<T>(message, timeout, cancellation); }
        catch (AskTimeoutException)
        {
            log.LogWarning("{What} did not answer {Message} within {Timeout}", what, message, timeout);
            throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, RejectionCodes.Unavailable,
                "Temporarily unavailable.", $"{what} did not answer in time; retry.");
        }
    }
}
