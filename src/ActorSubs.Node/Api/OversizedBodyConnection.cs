using ActorSubs.Node.Configuration;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Api;

/// <summary>
/// An answer to a request whose <c>Content-Length</c> is over <see cref="ApiOptions.MaxBodyBytes"/> carries
/// <c>Connection: close</c>. Such a body is never read to its end (the 413 is decided from the header, and a 401, 403
/// or 404 comes before the body is read at all), and Kestrel, which would have to drain it before the next request on
/// the connection, stops at the same limit and aborts the connection. Without the header the client was told the
/// connection stays open, reused it, and its next request, however valid, failed with no answer (found by the HTTP fuzz).
/// </summary>
public static class OversizedBodyConnection
{
    /// <summary>First in the pipeline, with the security headers: set as the response starts, so it survives the exception handler.</summary>
    public static IApplicationBuilder UseConnectionCloseAfterOversizedBodies(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        return app.Use((context, next) =>
        {
            if (context.Request.ContentLength > limit)
                context.Response.OnStarting(static state =>
                {
                    ((HttpContext)state).Response.Headers.Connection = "close";
                    return Task.CompletedTask;
                }, context);
            return next(context);
        });
    }
}
