using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ActorSubs.Node.Configuration;

namespace ActorSubs.Node.Api;

/// <summary>
/// Reads a JSON request body with the contract's rules: at most <see cref="ApiOptions.MaxBodyBytes"/>
/// (413 beyond), syntactically valid JSON (400 <c>malformed-json</c>), an object whose members have the
/// right JSON types (400 <c>validation</c> naming the member).
/// </summary>
public static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context) where T : class
    {
        var limit = CheckHeaders(context);
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
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
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
    /// Pub/Sub's envelope is read by its own reader. Kestrel stops a body over the limit while it is read (413 through
    /// the exception handler).
    /// </summary>
    public static async Task<byte[]> ReadBytesAsync(HttpContext context)
    {
        CheckHeaders(context);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>413 for a declared length over the limit, 415 for a body that is not JSON; returns the limit.</summary>
    private static long CheckHeaders(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        var request = context.Request;
        if (request.ContentLength > limit)
            throw TooLarge(limit);
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType,
                "Unsupported media type.", $"Send the body as application/json, not {type}.");
        return limit;
    }

    private static ApiProblem TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "The body is too large.",
            $"Request bodies are limited to {limit} bytes.");
}
