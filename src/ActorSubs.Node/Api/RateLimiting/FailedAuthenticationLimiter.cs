using System.Threading.RateLimiting;
using ActorSubs.Node.Configuration;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Api.RateLimiting;

/// <summary>
/// The failed-authentication lockout, as the rate limiter's global limiter. It counts refused credentials per client
/// address (<see cref="RecordFailure"/>, called once the answer is known to be 401 or 403) and, on every authentication
/// attempt, only looks whether the address has any left: a failure can only be known after the request, so the
/// request itself takes no permit. Once an address has failed <c>FailedAuthentication:PermitLimit</c> times in a
/// window, its authentication attempts are answered 429 until the window passes. Requests without a credential and
/// requests with the valid operator key are never refused here.
/// </summary>
public sealed class FailedAuthenticationLimiter : PartitionedRateLimiter<HttpContext>
{
    private readonly PartitionedRateLimiter<string> _failures;

    public FailedAuthenticationLimiter(IOptions<RateLimitOptions> options)
    {
        var limit = options.Value.FailedAuthentication;
        _failures = PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetFixedWindowLimiter(address, _ => RateLimitPolicies.FixedWindow(limit)));
    }

    /// <summary>Counts one refused credential against the request's client address.</summary>
    public void RecordFailure(HttpContext context)
    {
        // The lease is taken only to use up a permit; an address already out of permits stays locked out either way.
        using var lease = _failures.AttemptAcquire(ClientAddress.Of(context));
    }

    /// <summary>Whether this request's outcome counts, and whether a lockout refuses it.</summary>
    public static bool Applies(HttpContext context) =>
        RequestCredential.IsAuthenticationAttempt(context) && !RequestCredential.CarriesOperatorKey(context);

    protected override RateLimitLease AttemptAcquireCore(HttpContext context, int permitCount)
    {
        if (!Applies(context)) return Unlimited.Instance;
        // Zero permits: a look at whether the address has failures left, which takes none of them.
        var lease = _failures.AttemptAcquire(ClientAddress.Of(context), 0);
        return lease.IsAcquired ? lease : new LockedOut(lease);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext context, int permitCount, CancellationToken cancellationToken) =>
        new(AttemptAcquireCore(context, permitCount));

    public override RateLimiterStatistics? GetStatistics(HttpContext context) => _failures.GetStatistics(ClientAddress.Of(context));

    protected override void Dispose(bool disposing)
    {
        if (disposing) _failures.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>A refusal by the lockout, so the 429's detail can say why (it carries the window's Retry-After).</summary>
    public sealed class LockedOut(RateLimitLease inner) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => inner.MetadataNames;

        public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class Unlimited : RateLimitLease
    {
        public static readonly Unlimited Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
