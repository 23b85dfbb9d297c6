using ActorSubs.Domain;
using Microsoft.AspNetCore.Mvc;

namespace ActorSubs.Node.Api;

/// <summary>
/// An RFC 9457 problem with the stable <c>code</c> catalogued in docs/api.md. Thrown inside endpoint code (and written
/// by <see cref="ProblemExceptionHandler"/>) or written directly, always through <see cref="IProblemDetailsService"/>,
/// so every refusal, from authentication to the entity, has one shape.
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

    public static ApiProblem From(Rejection r) => new(r.Kind switch
    {
        RejectionKind.Invalid => StatusCodes.Status400BadRequest,
        RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
        RejectionKind.NotFound => StatusCodes.Status404NotFound,
        RejectionKind.Conflict => StatusCodes.Status409Conflict,
        RejectionKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    }, r.Code, TitleOf(r.Kind), r.Detail, r.Fields);

    /// <summary>
    /// The document. Extension members keep their types (a number stays a JSON number, an instant is written by the
    /// API's JSON options as the wire's UTC time); <see cref="ProblemConventions"/> adds <c>instance</c> and headers.
    /// </summary>
    public ProblemDetails ToProblemDetails()
    {
        var problem = new ProblemDetails { Status = Status, Title = Title, Detail = Detail };
        problem.Extensions[ProblemConventions.CodeMember] = Code;
        foreach (var field in Fields)
            problem.Extensions[field.Name] = field.Value;
        return problem;
    }

    public async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = ToProblemDetails() });
    }

    private static string TitleOf(RejectionKind kind) => kind switch
    {
        RejectionKind.Invalid => "The request is not valid.",
        RejectionKind.Forbidden => "This key may not do that.",
        RejectionKind.NotFound => "Not found.",
        RejectionKind.Conflict => "The request conflicts with the account's state.",
        RejectionKind.Unavailable => "Temporarily unavailable.",
        _ => "Error.",
    };
}
