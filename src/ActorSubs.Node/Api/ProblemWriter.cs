using System.Text.Json;
using ActorSubs.Domain;
using Microsoft.AspNetCore.Diagnostics;

namespace ActorSubs.Node.Api;

/// <summary>Writes <see cref="ApiProblem"/>s as <c>application/problem+json</c>, and anything unexpected as a 500 without internals.</summary>
public sealed class ProblemWriter(ILogger<ProblemWriter> log) : IExceptionHandler
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
            BadHttpRequestException bad => new ApiProblem(bad.StatusCode,
                bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "payload-too-large" : "bad-request",
                "The request could not be read.", bad.Message),
            _ => null,
        };
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ApiProblem(StatusCodes.Status500InternalServerError, "internal-error", "Internal error.",
                "The node failed to handle the request; it has been logged.");
        }
        await WriteAsync(context, problem, cancellation);
        return true;
    }

    public static async Task WriteAsync(HttpContext context, ApiProblem problem, CancellationToken cancellation)
    {
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = "application/problem+json";
        if (problem.Status == StatusCodes.Status401Unauthorized)
            context.Response.Headers.WWWAuthenticate = "Bearer";
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = "1";
        var body = new Dictionary<string, object?>
        {
            ["type"] = "about:blank",
            ["title"] = problem.Title,
            ["status"] = problem.Status,
            ["detail"] = problem.Detail,
            ["code"] = problem.Code,
            ["instance"] = context.Request.Path.Value,
        };
        foreach (var field in problem.Fields)
            body[field.Name] = field.Value;
        await JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: cancellation);
    }
}
