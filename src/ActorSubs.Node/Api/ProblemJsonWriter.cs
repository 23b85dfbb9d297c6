using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Api;

/// <summary>
/// The node's <see cref="IProblemDetailsWriter"/>: the customization (<see cref="ProblemConventions"/>) and then the
/// document as <c>application/problem+json</c> with the API's JSON options (<see cref="WireJson"/>). It replaces
/// ASP.NET's default writer, which writes nothing when the request's Accept header leaves out JSON; the contract
/// answers every refusal with a problem document.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problems, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        var response = context.HttpContext.Response;
        return new ValueTask(response.WriteAsJsonAsync(context.ProblemDetails, json.Value.SerializerOptions,
            "application/problem+json", context.HttpContext.RequestAborted));
    }
}
