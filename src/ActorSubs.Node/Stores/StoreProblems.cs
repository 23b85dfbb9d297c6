using ActorSubs.Domain;
using ActorSubs.Node.Api;

namespace ActorSubs.Node.Stores;

/// <summary>The answers of the store routes that are not a 200 (docs/api.md, store notifications).</summary>
public static class StoreProblems
{
    /// <summary>A verification failure: the wrong shape is 400 <c>validation</c>, anything not from the store (or not for us) 401.</summary>
    public static ApiProblem From(StoreVerificationException e) => e.Failure == StoreVerificationFailure.Malformed
        ? ApiProblem.Validation("$", e.Message)
        : new ApiProblem(StatusCodes.Status401Unauthorized, ProblemCodes.StoreUnauthenticated, "The notification is not from the store.", e.Message);

    /// <summary>
    /// The store's settings are empty. 503, so the store keeps retrying until an operator configures it, rather than a
    /// 4xx that it would drop.
    /// </summary>
    public static ApiProblem NotConfigured(string store, string section) =>
        new(StatusCodes.Status503ServiceUnavailable, ProblemCodes.StoreNotConfigured, "This store is not configured.",
            $"{store} notifications are not accepted: {section} is not set on this node.");

    /// <summary>The Play Developer API could not be read: 503, so Pub/Sub retries the push.</summary>
    public static ApiProblem StoreApiUnavailable(string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, ProblemCodes.StoreApiUnavailable, "The store's API is unavailable.", detail);
}
