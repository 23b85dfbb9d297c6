using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ActorSubs.Node.Configuration;

namespace ActorSubs.Node.Api;

/// <summary>
/// Reads a JSON request body with the contract's rules: at most <see cref="ApiOptions.MaxBodyBytes"/>
/// (413 beyond; Kestrel stops a body sent without a length, through the exception handler), syntactically valid
/// JSON (400 <c>malformed-json</c>), an object whose members have the right JSON types (400 <c>validation</c> naming
/// the member).
/// </summary>
public static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context) where T : class
    {
        CheckHeaders(context);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new ApiProblem(StatusCodes.Status400BadRequest, ProblemCodes.MalformedJson, "The body is not valid JSON.",
                $"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw ApiProblem.Validation("$", "The body must be a JSON object.");
            try
            {
                // The API's JSON options (WireJson on the web defaults), as the answers are written with.
                var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
                return document.RootElement.Deserialize<T>(json)
                       ?? throw ApiProblem.Validation("$", "The body must be a JSON object.");
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "$";
                throw ApiProblem.Validation(field, $"'{field}' has the wrong JSON type.");
            }
        }
    }

    /// <summary>
    /// The raw bytes of a store's body, under the same header checks: Cleverbridge signs exactly these bytes, and
    /// Pub/Sub's envelope is read by its own reader.
    /// </summary>
    public static async Task<byte[]> ReadBytesAsync(HttpContext context)
    {
        CheckHeaders(context);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>413 for a declared length over the limit, 415 for a body that is not JSON.</summary>
    private static void CheckHeaders(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        var request = context.Request;
        if (request.ContentLength > limit)
            throw new ApiProblem(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge,
                "The body is too large.", $"Request bodies are limited to {limit} bytes.");
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType,
                "Unsupported media type.", $"Send the body as application/json, not {type}.");
    }
}
