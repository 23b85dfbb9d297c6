using System.Security.Claims;

namespace ActorSubs.Node.Api.RateLimiting;

/// <summary>What the abuse limits need to know about a request's credential, read after authentication.</summary>
public static class RequestCredential
{
    /// <summary>
    /// True when the request carries the valid operator key: the default bearer scheme has already compared it with
    /// the configured key in constant time (<see cref="BearerCredential.Recognise"/>). A request that merely has an
    /// Authorization header is not exempt.
    /// </summary>
    public static bool CarriesOperatorKey(HttpContext context) =>
        context.User.FindFirstValue(BearerCredential.KindClaim) == BearerCredential.Operator;

    /// <summary>The SHA-256 hash of the account API key the request carries, or null (the key itself is never kept).</summary>
    public static string? AccountKeyHash(HttpContext context) =>
        context.User.FindFirstValue(BearerCredential.KindClaim) == BearerCredential.AccountKey
            ? context.User.FindFirstValue(BearerCredential.SecretHashClaim)
            : null;

    /// <summary>
    /// True when the request tries to authenticate on a route that takes a credential: the route names an authorization
    /// policy and the request sends a bearer header or (the sockets' way) <c>?access_token=</c>.
    /// </summary>
    public static bool IsAuthenticationAttempt(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null
        && (!string.IsNullOrWhiteSpace(context.Request.Headers.Authorization.ToString())
            || !string.IsNullOrEmpty(context.Request.Query["access_token"].ToString()));
}
