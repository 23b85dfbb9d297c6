using System.Threading.RateLimiting;
using ActorSubs.Node.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Api.RateLimiting;

/// <summary>
/// The failed-authentication lockout. It counts refused credentials per client address (<see cref="RecordFailure"/>,
/// called once the answer is known to be 401 or 403) and, on every authentication attempt, only looks whether the
/// address has any left (<see cref="Check"/>): a failure can only be known after the request, so the request itself
/// takes no permit. Once an address has failed <c>FailedAuthentication:PermitLimit</c> times in a window, its
/// authentication attempts are answered 429 until the window passes. Requests without a credential and requests with
/// the valid operator key are never refused here.
/// </summary>
public sealed class FailedAuthenticationLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => RateLimitPolicies.FixedWindow(options.Value.FailedAuthentication)));

    /// <summary>Counts one refused credential against the request's client address.</summary>
    public void RecordFailure(HttpContext context)
    {
        // The lease is taken only to use up a permit; an address already out of permits stays locked out either way.
        using var lease = _failures.AttemptAcquire(ClientAddress.Of(context));
    }

    /// <summary>
    /// Zero permits: a look at whether the address has failures left, which takes none of them. A refused lease
    /// carries the window's Retry-After.
    /// </summary>
    public RateLimitLease Check(HttpContext context) => _failures.AttemptAcquire(ClientAddress.Of(context), 0);

    /// <summary>
    /// Whether this request's outcome counts, and whether a lockout refuses it: it tries to authenticate on a route that
    /// takes a credential (the route names an authorization policy and the request sends a bearer header or, the
    /// sockets' way, <c>?access_token=</c>) with anything but the valid operator key.
    /// </summary>
    public static bool Applies(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null
        && (!string.IsNullOrWhiteSpace(context.Request.Headers.Authorization.ToString())
            || !string.IsNullOrEmpty(context.Request.Query["access_token"].ToString()))
        && !context.User.IsOperator();

    public void Dispose() => _failures.Dispose();
}
