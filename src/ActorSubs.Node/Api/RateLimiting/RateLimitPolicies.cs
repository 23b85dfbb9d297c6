using System.Globalization;
using System.Threading.RateLimiting;
using ActorSubs.Node.Configuration;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Api.RateLimiting;

/// <summary>
/// The abuse limits of docs/api.md (Rate limits) on ASP.NET's rate limiter: a named policy per kind of route, which the
/// routes name with <c>RequireRateLimiting</c>, and in front of it the failed-authentication lockout
/// (<see cref="FailedAuthenticationLimiter"/>). All are fixed windows (see <see cref="FixedWindow"/>). The valid
/// operator key is never limited.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary><c>POST /api/accounts</c>: <c>SignUp</c> per client address.</summary>
    public const string SignUp = "sign-up";

    /// <summary>The account routes: <c>Account</c> per account API key.</summary>
    public const string Account = "account-key";

    /// <summary>The store notification routes (the <c>/api/stores</c> group): <c>Stores</c> per client address.</summary>
    public const string Stores = "stores";

    public static IServiceCollection AddActorSubsRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<FailedAuthenticationLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var limit = limits.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) => new ValueTask(RefuseAsync(rejected.HttpContext, rejected.Lease,
                rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName switch
                {
                    SignUp => "Too many sign-ups came from this address.",
                    Stores => "Too many store notifications came from this address.",
                    Account => "Too many requests were made with this account key.",
                    _ => "Too many requests.",
                }));
            options.AddPolicy(SignUp, http => PerAddress(http, limit.SignUp));
            options.AddPolicy(Stores, http => PerAddress(http, limit.Stores));
            options.AddPolicy(Account, http => http.User.AccountKeyHash() is { } hash
                ? RateLimitPartition.GetFixedWindowLimiter(hash, _ => FixedWindow(limit.Account))
                // No account key: the request is the operator's, or authorization refuses it next (and the lockout counts it).
                : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    /// <summary>
    /// Between authentication and authorization: the limits need to know whether the request carries the valid operator
    /// key or an account key, and must refuse before authorization lets a request through to the account.
    /// </summary>
    public static IApplicationBuilder UseActorSubsRateLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<FailedAuthenticationLimiter>().UseRateLimiter();

    /// <summary>
    /// Fixed windows rather than sliding ones or token buckets: a limit then means what it says ("20 a minute"), the
    /// lockout lasts until the window passes, and Retry-After is exact enough to trust. The price is that a client can
    /// fit up to twice the limit around a window's edge, which changes nothing for what these limits stop (sign-up
    /// floods, key guessing against 256-bit secrets, a runaway client).
    /// </summary>
    public static FixedWindowRateLimiterOptions FixedWindow(RateLimitWindow limit) => new()
    {
        // The defaults too: no queue (a request over the limit is refused at once), windows replenished on their own.
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
    };

    private static RateLimitPartition<string> PerAddress(HttpContext http, RateLimitWindow limit) =>
        http.User.IsOperator()
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(http), _ => FixedWindow(limit));

    /// <summary>The 429 <c>rate-limited</c> problem, with the lease's Retry-After and the limit's reason.</summary>
    internal static Task RefuseAsync(HttpContext http, RateLimitLease lease, string reason)
    {
        // A fixed window's lease says how long until a permit is certain: at most the window's length.
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ApiProblem(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, "Too many requests.",
            $"{reason} Retry after {seconds} s.").WriteAsync(http);
    }
}
