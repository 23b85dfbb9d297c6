using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace ActorSubs.Node.Api;

/// <summary>
/// The <c>CustomizeProblemDetails</c> of every problem the node writes: ours (which come with their code, title and
/// detail) and the framework's (the status code pages, which come with only a status). Each leaves with <c>type</c>,
/// <c>title</c>, <c>status</c>, <c>detail</c>, <c>code</c> and <c>instance</c>, and 401 and 503 with their headers.
/// </summary>
public static class ProblemConventions
{
    public const string CodeMember = "code";

    public static void Complete(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        Describe(problem, context.Exception);
        var status = problem.Status ??= http.Response.StatusCode;

        // The code says what happened; there is no document behind a type URI.
        problem.Type ??= "about:blank";
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error.";
        problem.Detail ??= FrameworkDetail(status, http);
        problem.Instance ??= http.Request.Path.Value;
        problem.Extensions.TryAdd(CodeMember, ProblemCodes.ForStatus(status));

        if (status == StatusCodes.Status401Unauthorized)
            http.Response.Headers.WWWAuthenticate = "Bearer";
        if (status == StatusCodes.Status503ServiceUnavailable)
            http.Response.Headers.RetryAfter = "1";
    }

    /// <summary>
    /// A problem written or thrown (the exception handler chose the status): an <see cref="ApiProblem"/> as it is (its
    /// fields keep their JSON types), a request Kestrel could not read with the code of its status, and anything
    /// unexpected, which the exception handler has logged, as a 500 without internals.
    /// </summary>
    private static void Describe(ProblemDetails problem, Exception? exception)
    {
        switch (exception)
        {
            case ApiProblem ours:
                (problem.Status, problem.Title, problem.Detail) = (ours.Status, ours.Title, ours.Detail);
                problem.Extensions[CodeMember] = ours.Code;
                foreach (var field in ours.Fields)
                    problem.Extensions[field.Name] = field.Value;
                break;
            case BadHttpRequestException bad:
                (problem.Title, problem.Detail) = ("The request could not be read.", bad.Message);
                break;
            case not null:
                (problem.Title, problem.Detail) = ("Internal error.", "The node failed to handle the request; it has been logged.");
                break;
        }
    }

    /// <summary>A sentence for an answer the framework gave with only a status.</summary>
    private static string FrameworkDetail(int status, HttpContext http)
    {
        var request = http.Request;
        return status switch
        {
            StatusCodes.Status404NotFound => $"No route matches {request.Method} {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => http.Response.Headers.Allow is { Count: > 0 } allow
                ? $"{request.Path} does not take {request.Method}; it takes {allow}."
                : $"{request.Path} does not take {request.Method}.",
            StatusCodes.Status415UnsupportedMediaType => $"Send the body as application/json, not {request.ContentType}.",
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            _ => $"The node answered {status} {ReasonPhrases.GetReasonPhrase(status)}".TrimEnd() + ".",
        };
    }
}
