using System.Threading.RateLimiting;
using ActorSubs.Node.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Api.RateLimiting;

/// <summary>
/// The failed-authentication lockout, a middleware in front of the rate limiter. It counts refused credentials per
/// client address, once the answer is known to be 401 or 403, and on every authentication attempt only looks whether
/// the address has any left: a failure can only be known after the request, so the request itself takes no permit.
/// Once an address has failed <c>FailedAuthentication:PermitLimit</c> times in a window, its authentication attempts
/// are answered 429 until the window passes. Requests without a credential and requests with the valid operator key
/// are never refused here.
/// </summary>
public sealed class FailedAuthenticationLimiter(IOptions<RateLimitOptions> options) : IMiddleware, IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => RateLimitPolicies.FixedWindow(options.Value.FailedAuthentication)));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Applies(context))
        {
            // Zero permits: a look at whether the address has failures left, which takes none of them. A refused lease
            // carries the window's Retry-After.
            using var lease = _failures.AttemptAcquire(ClientAddress.Of(context), 0);
            if (!lease.IsAcquired)
            {
                await RateLimitPolicies.RefuseAsync(context, lease, "Too many refused credentials came from this " +
                    "address; its requests with a credential are refused until the window passes.");
                return;
            }
            // Counted once the answer is known: a 401 or 403 may come from the authorization step, the account entity
            // (invalid-api-key) or the socket's attach (invalid-token), all after this point.
            context.Response.OnStarting(() =>
            {
                // The lease is taken only to use up a permit; an address already out of permits stays locked out.
                if (context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
                    _failures.AttemptAcquire(ClientAddress.Of(context)).Dispose();
                return Task.CompletedTask;
            });
        }
        await next(context);
    }

    /// <summary>
    /// Whether this request's outcome counts, and whether a lockout refuses it: it tries to authenticate on a route
    /// that takes a credential (the route names an authorization policy and the request sends a bearer header or, the
    /// sockets' way, <c>?access_token=</c>) with anything but the valid operator key.
    /// </summary>
    private static bool Applies(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null
        && (!string.IsNullOrWhiteSpace(context.Request.Headers.Authorization.ToString())
            || !string.IsNullOrEmpty(context.Request.Query["access_token"].ToString()))
        && !context.User.IsOperator();

    public void Dispose() => _failures.Dispose();
}
