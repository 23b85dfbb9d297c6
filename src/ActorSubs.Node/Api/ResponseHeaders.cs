using ActorSubs.Node.Configuration;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Api;

/// <summary>
/// The headers set as every answer starts: the security headers (docs/api.md, Security headers): API answers, problems, static files and refused
/// WebSocket upgrades alike; and <c>Connection: close</c> after an oversized body. Set as the response starts, so they
/// survive the exception handler, which clears the headers of a failed response before it writes the problem.
/// </summary>
public static class ResponseHeaders
{
    /// <summary>
    /// The node's own pages are plain files with no inline script or style, so 'self' is all they need; data: images
    /// allow small inline icons. No framing, no base URI, forms post only to the node.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>First in the pipeline, so every answer passes through it.</summary>
    public static IApplicationBuilder UseResponseHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        // An API answer holds an account's state or a one-time secret (a new API key, a token): no cache may keep it.
        // Problems are answers of the moment too. Static files keep whatever caching they were served with.
        if (context.Request.Path.StartsWithSegments("/api") || context.Response.StatusCode >= StatusCodes.Status400BadRequest)
            headers.CacheControl = "no-store";
        // Over ApiOptions.MaxBodyBytes a body is never read to its end (413 is decided from the header; 401, 403 and 404
        // come first), and Kestrel stops draining it at the same limit and aborts the connection. Without the header a
        // client reused the connection and its next, valid request got no answer (found by the HTTP fuzz).
        var maxBody = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        if (context.Request.ContentLength > maxBody)
            headers.Connection = "close";
    }
}
