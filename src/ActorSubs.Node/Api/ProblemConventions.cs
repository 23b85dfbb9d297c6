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
