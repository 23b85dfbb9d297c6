using ActorSubs.Node.Api;
using ActorSubs.Node.Configuration;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores;

/// <summary>
/// The raw bytes of a store's JSON body, within <c>ActorSubs:Api:MaxBodyBytes</c>: Cleverbridge signs exactly these bytes,
/// and Pub/Sub's envelope is read by its own reader.
/// </summary>
public static class StoreRequestBody
{
    public static async Task<byte[]> ReadAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        var request = context.Request;
        if (request.ContentLength > limit)
            throw new ApiProblem(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "The body is too large.",
                $"Request bodies are limited to {limit} bytes.");
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType,
                "Unsupported media type.", $"Send the body as application/json, not {type}.");
        // Kestrel stops a body over the same limit while it is read (413 through the exception handler).
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }
}
