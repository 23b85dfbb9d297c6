using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;

namespace ActorSubs.Cluster.Payments;

/// <summary>Which payment channels charge the auto-renewals of <c>google-play</c> and <c>web</c> subscriptions.</summary>
public enum PaymentProvider
{
    /// <summary>In-process stand-ins (<see cref="SimulatedPaymentChannels"/>): they succeed or decline as configured.</summary>
    Simulated,

    /// <summary>The providers' HTTP APIs: Cleverbridge for <c>web</c>, Google Play for <c>google-play</c>.</summary>
    Http,
}

/// <summary>
/// The payment settings, bound from <c>ActorSubs:Payments</c> (docs/configuration.md). The provider has no default in
/// code: the node sets <see cref="PaymentProvider.Simulated"/> in Development only and refuses to start elsewhere
/// without one, so a production node never bills nobody by accident.
/// </summary>
public sealed record PaymentOptions
{
    public const string Section = "ActorSubs:Payments";

    public PaymentProvider? Provider { get; set; }

    /// <summary>Wait before the first retry of a charge that failed technically; doubled on each further failure.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between retries of a charge that keeps failing technically.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    public SimulatedPaymentOptions Simulated { get; set; } = new();

    public CleverbridgeChannelOptions Cleverbridge { get; set; } = new();

    public GooglePlayChannelOptions GooglePlay { get; set; } = new();

    /// <summary>Every problem with the values, each naming its key (in Development the node sets a provider).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors(Section)
            .When(Provider is null, nameof(Provider), "is required outside Development " +
                $"({nameof(PaymentProvider.Http)} for the providers' APIs, or {nameof(PaymentProvider.Simulated)} to bill nobody).")
            .Positive(RetryInitialDelay, nameof(RetryInitialDelay))
            .When(RetryMaxDelay < RetryInitialDelay, nameof(RetryMaxDelay),
                $"must be at least {nameof(RetryInitialDelay)} (was {RetryMaxDelay}).");
        if (Provider == PaymentProvider.Http)
        {
            errors.AddRange(Cleverbridge.Validate($"{Section}:{nameof(Cleverbridge)}", nameof(Cleverbridge.ApiKey)));
            errors.AddRange(GooglePlay.Validate($"{Section}:{nameof(GooglePlay)}", nameof(GooglePlay.AccessToken)));
        }
        return errors;
    }
}

/// <summary>One simulated channel: succeed or decline, after a latency.</summary>
public sealed record SimulatedChannelOptions
{
    /// <summary>Decline every charge on this channel (exercises the billing grace period of R9 in docs/rules.md).</summary>
    public bool Decline { get; set; }

    /// <summary>How long a charge takes.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(20);
}

/// <summary>
/// The simulated channels, one per channel the account charges itself. App Store subscriptions have none: Apple charges
/// them, and the account learns of it from Apple's notifications.
/// </summary>
public sealed record SimulatedPaymentOptions
{
    public SimulatedChannelOptions GooglePlay { get; set; } = new();

    public SimulatedChannelOptions Web { get; set; } = new();

    public SimulatedChannelOptions For(Channel channel) => channel switch
    {
        Channel.GooglePlay => GooglePlay,
        Channel.Web => Web,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Apple charges App Store subscriptions; the account never does."),
    };
}

/// <summary>A provider's charge API over HTTP: where it is and how long a charge may take.</summary>
public abstract record HttpChannelOptions
{
    /// <summary>The API's root; the charge endpoint is relative to it (docs/configuration.md, provider charge API).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>A charge without an answer after this long is a technical failure, retried with the same key.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The bearer credential the provider issued; never logged.</summary>
    public abstract string? Credential { get; }

    /// <summary>A record prints every property; this one must not print its credential, whoever logs the options.</summary>
    public sealed override string ToString() =>
        $"{GetType().Name} {{ BaseUrl = {BaseUrl}, Timeout = {Timeout}, credential {(string.IsNullOrEmpty(Credential) ? "not set" : "set")} }}";

    internal IEnumerable<string> Validate(string section, string credentialKey) => new OptionErrors(section)
        .When(!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"),
            nameof(BaseUrl), $"must be an absolute http or https URL when Provider is Http (was '{BaseUrl}').")
        .When(string.IsNullOrWhiteSpace(Credential), credentialKey, "is required when Provider is Http.")
        .Positive(Timeout, nameof(Timeout));
}

/// <summary>Cleverbridge, the web store's reseller: charges <c>web</c> renewals.</summary>
public sealed record CleverbridgeChannelOptions : HttpChannelOptions
{
    public string? ApiKey { get; set; }

    public override string? Credential => ApiKey;
}

/// <summary>Google Play billing: charges <c>google-play</c> renewals.</summary>
public sealed record GooglePlayChannelOptions : HttpChannelOptions
{
    public string? AccessToken { get; set; }

    public override string? Credential => AccessToken;
}
