using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ActorSubs.Node.Tests.Abuse;

/// <summary>An answer with its headers, which the rate-limit and header specs look at.</summary>
public sealed record Answer(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)
{
    public static async Task<Answer> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await SendAsync(client, request);
    }

    public static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var sent = request;
        var response = await client.SendAsync(sent);
        var text = await response.Content.ReadAsStringAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType?.Contains("json") == true;
        return new Answer(response.StatusCode, isJson && text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    public static Task<Answer> SignUpAsync(HttpClient client, string accountId) =>
        SendAsync(client, HttpMethod.Post, "/api/accounts", new { accountId, email = $"{accountId}@example.com" });

    /// <summary>Asserts a 429 <c>rate-limited</c> problem with a Retry-After of 1 to <paramref name="window"/> seconds.</summary>
    public void AssertRateLimited(TimeSpan window)
    {
        Assert.True(Status == HttpStatusCode.TooManyRequests, $"expected 429, got {(int)Status}: {Body}");
        Assert.Equal("application/problem+json", Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("rate-limited", Body.Text("code"));
        Assert.Equal("429", Body.Text("status"));
        var retryAfter = Response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } wait && wait >= TimeSpan.FromSeconds(1) && wait <= window,
            $"Retry-After {Response.Headers.RetryAfter} is not between 1 s and the window ({window})");
        // A refusal by the limiter is an answer like any other: it carries the security headers too.
        Assert.True(Response.Headers.Contains("Content-Security-Policy"), "a 429 without the security headers");
        Assert.True(Response.Headers.CacheControl?.NoStore == true, "a 429 without Cache-Control no-store");
    }

    public void AssertProblem(HttpStatusCode status, string code) => (Status, Body).AssertProblem(status, code);

    public override string ToString() => $"{(int)Status} {Body}";
}
