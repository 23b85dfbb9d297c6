using Microsoft.AspNetCore.Diagnostics;

namespace ActorSubs.Node.Api;

/// <summary>
/// Turns what an endpoint threw into a problem: an <see cref="ApiProblem"/> as it is, a request Kestrel could not read
/// as <c>bad-request</c> or <c>payload-too-large</c>, and anything unexpected as a logged 500 without internals.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellation)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer, and it is not the node's error.
            context.Response.StatusCode = 499;
            return true;
        }
        var problem = exception switch
        {
            ApiProblem p => p,
            BadHttpRequestException bad => new ApiProblem(bad.StatusCode, ProblemCodes.ForStatus(bad.StatusCode),
                "The request could not be read.", bad.Message),
            _ => null,
        };
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ApiProblem(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, "Internal error.",
                "The node failed to handle the request; it has been logged.");
        }
        await problem.WriteAsync(context);
        return true;
    }
}
