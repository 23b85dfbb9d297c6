using ActorSubs.Domain;

namespace ActorSubs.Node.Api;

/// <summary>
/// An RFC 9457 problem with the stable <c>code</c> catalogued in docs/api.md. Thrown inside endpoint code (and written
/// by the exception handler, <see cref="ApiSetup.UseActorSubsProblems"/>) or written directly, always through
/// <see cref="IProblemDetailsService"/>, so every refusal, from authentication to the entity, has one shape.
/// </summary>
public sealed class ApiProblem(int status, string code, string title, string detail, IReadOnlyList<ProblemField>? fields = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Title { get; } = title;
    public string Detail { get; } = detail;
    public IReadOnlyList<ProblemField> Fields { get; } = fields ?? [];

    public static ApiProblem Validation(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, RejectionCodes.Validation, "The request is not valid.", detail, [new TextField("field", field)]);

    public static ApiProblem Unauthorized(string detail) =>
        new(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized, "Authentication is required.", detail);

    public static ApiProblem Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "This key may not do that.", detail);

    public static ApiProblem From(Rejection r)
    {
        var (status, title) = r.Kind switch
        {
            RejectionKind.Invalid => (StatusCodes.Status400BadRequest, "The request is not valid."),
            RejectionKind.Forbidden => (StatusCodes.Status403Forbidden, "This key may not do that."),
            RejectionKind.NotFound => (StatusCodes.Status404NotFound, "Not found."),
            RejectionKind.Conflict => (StatusCodes.Status409Conflict, "The request conflicts with the account's state."),
            RejectionKind.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable."),
            _ => (StatusCodes.Status500InternalServerError, "Error."),
        };
        return new ApiProblem(status, r.Code, title, r.Detail, r.Fields);
    }

    /// <summary>Writes the problem; <see cref="ProblemConventions"/> makes the document of it, as of a thrown one.</summary>
    public Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = this }).AsTask();
    }
}
