using ActorSubs.Cluster.Hosting;

namespace ActorSubs.Node.Configuration;

/// <summary>
/// The HTTP API's abuse limits, bound from <c>ActorSubs:RateLimits</c> (docs/api.md, Rate limits). Each is a fixed
/// window: at most <see cref="RateLimitWindow.PermitLimit"/> requests per <see cref="RateLimitWindow.Window"/>. A request
/// that carries the valid operator key is never limited.
/// </summary>
public sealed record RateLimitOptions
{
    public const string Section = "ActorSubs:RateLimits";

    /// <summary><c>POST /api/accounts</c>, per client address.</summary>
    public RateLimitWindow SignUp { get; set; } = new() { PermitLimit = 20 };

    /// <summary>
    /// Credentials refused (401, 403) on the routes that take one, per client address. Once an address has used them up,
    /// its further requests with a credential are refused until the window passes.
    /// </summary>
    public RateLimitWindow FailedAuthentication { get; set; } = new() { PermitLimit = 10 };

    /// <summary>The store notification routes (<c>/api/stores/…</c>), per client address.</summary>
    public RateLimitWindow Stores { get; set; } = new() { PermitLimit = 1200 };

    /// <summary>The account routes (<c>/api/accounts/{accountId}/…</c>), per account API key.</summary>
    public RateLimitWindow Account { get; set; } = new() { PermitLimit = 300 };

    public IReadOnlyList<string> Validate() =>
    [
        .. SignUp.Validate($"{Section}:{nameof(SignUp)}"),
        .. FailedAuthentication.Validate($"{Section}:{nameof(FailedAuthentication)}"),
        .. Stores.Validate($"{Section}:{nameof(Stores)}"),
        .. Account.Validate($"{Section}:{nameof(Account)}"),
    ];
}

/// <summary>One limit: <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed record RateLimitWindow
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<string> Validate(string key) => new OptionErrors(key)
        .When(PermitLimit < 1, nameof(PermitLimit), $"must be at least 1 (was {PermitLimit}).")
        .When(Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromDays(1), nameof(Window),
            $"must be between 00:00:01 and 1.00:00:00 (was {Window}).");
}
