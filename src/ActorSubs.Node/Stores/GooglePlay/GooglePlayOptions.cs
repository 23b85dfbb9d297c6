using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;

namespace ActorSubs.Node.Stores.GooglePlay;

/// <summary>
/// Google Play real-time developer notifications and the Play Developer API, bound from <c>ActorSubs:Stores:GooglePlay</c>.
/// Without <see cref="PushToken"/>, <see cref="PackageName"/> and <see cref="AccessToken"/> the store is not configured and
/// its route answers 503 <c>store-not-configured</c>; some of them but not all, and the node does not start.
/// </summary>
public sealed record GooglePlayOptions
{
    public const string Section = "ActorSubs:Stores:GooglePlay";

    /// <summary>The push endpoint's <c>?token=</c>, set in the Pub/Sub subscription. A secret.</summary>
    public string? PushToken { get; set; }

    /// <summary>The app's package name; notifications for any other package are refused.</summary>
    public string? PackageName { get; set; }

    /// <summary>Where the Play Developer API is.</summary>
    public string ApiBaseUrl { get; set; } = "https://androidpublisher.googleapis.com/";

    /// <summary>Bearer token for the Play Developer API. A secret.</summary>
    public string? AccessToken { get; set; }

    /// <summary>How long a read of the Play Developer API may take before the push is answered 503 (Pub/Sub retries).</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Google Play product id → plan. A period of a product not listed is parked (<c>unknown-product</c>).</summary>
    public Dictionary<string, Plan> Products { get; set; } = new(StringComparer.Ordinal);

    public bool IsConfigured => Set(PushToken) || Set(PackageName) || Set(AccessToken);

    public IReadOnlyList<string> Validate()
    {
        const string problem = "is required once any of PushToken, PackageName, AccessToken is set.";
        return new OptionErrors(Section)
            .When(IsConfigured && !Set(PushToken), nameof(PushToken), problem)
            .When(IsConfigured && !Set(PackageName), nameof(PackageName), problem)
            .When(IsConfigured && !Set(AccessToken), nameof(AccessToken), problem)
            .When(!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"),
                nameof(ApiBaseUrl), $"must be an absolute http or https URL (was '{ApiBaseUrl}').")
            .Positive(ApiTimeout, nameof(ApiTimeout));
    }

    /// <summary>The base URL with a trailing slash, so relative paths are appended to it rather than replacing its last segment.</summary>
    public Uri BaseUri => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/");

    private static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);
}
