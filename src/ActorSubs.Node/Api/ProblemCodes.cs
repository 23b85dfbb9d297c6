using ActorSubs.Domain;

namespace ActorSubs.Node.Api;

/// <summary>
/// The problem codes of the HTTP layer (the account's own are <see cref="RejectionCodes"/>). Other programs match on
/// these strings; docs/api.md catalogues them.
/// </summary>
public static class ProblemCodes
{
    public const string BadRequest = "bad-request";
    public const string MalformedJson = "malformed-json";
    public const string WebSocketRequired = "websocket-required";
    public const string Unauthorized = "unauthorized";
    public const string InvalidToken = "invalid-token";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string PayloadTooLarge = "payload-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string InternalError = "internal-error";
    public const string ShuttingDown = "shutting-down";
    public const string RateLimited = "rate-limited";

    /// <summary>A store notification whose signature, chain, credentials or push token are not the store's (or not for this app).</summary>
    public const string StoreUnauthenticated = "store-unauthenticated";

    /// <summary>A store route whose store has no settings on this node.</summary>
    public const string StoreNotConfigured = "store-not-configured";

    /// <summary>The store's own API (the Play Developer API) could not be read; the store retries.</summary>
    public const string StoreApiUnavailable = "store-api-unavailable";

    /// <summary>
    /// The code of an answer that carries only a status: the framework's own (unknown route, wrong method, a body
    /// Kestrel refused) and anything else without a code of its own. A status not listed gets its reason phrase in
    /// kebab case ("request-timeout"), so no problem goes out without a code.
    /// </summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status500InternalServerError => InternalError,
        StatusCodes.Status503ServiceUnavailable => RejectionCodes.Unavailable,
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase
            ? phrase.ToLowerInvariant().Replace(' ', '-').Replace("'", "")
            : $"http-{status}",
    };
}
