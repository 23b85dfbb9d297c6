using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ActorSubs.Testing;

/// <summary>Small helpers over HttpClient for the JSON of the contract.</summary>
public static class Api
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(
        this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType?.Contains("json") == true;
        return (response.StatusCode, isJson && text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.SendAsync(HttpMethod.Post, path, body);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PutJsonAsync(this HttpClient client, string path, object body) =>
        client.SendAsync(HttpMethod.Put, path, body);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Get, path);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> DeleteJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Delete, path);

    /// <summary>Signs up an account and returns its API key.</summary>
    public static async Task<string> SignUpAsync(this HttpClient client, string accountId)
    {
        var (status, body) = await client.PostJsonAsync("/api/accounts", new { accountId, email = $"{accountId}@example.com" });
        Assert.True(status == HttpStatusCode.Created, $"sign-up of {accountId}: {status} {body}");
        return body!["apiKey"]!.GetValue<string>();
    }

    public static void AssertProblem(this (HttpStatusCode Status, JsonNode? Body) response, HttpStatusCode status, string code)
    {
        Assert.True(response.Status == status, $"expected {(int)status}, got {(int)response.Status}: {response.Body}");
        Assert.Equal(code, response.Body?["code"]?.GetValue<string>());
        Assert.Equal((int)status, response.Body?["status"]?.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(response.Body?["detail"]?.GetValue<string>()), "a problem has a detail");
    }

    /// <summary>True when the member is present and JSON null (as opposed to missing).</summary>
    public static bool IsNullMember(this JsonNode? node, string name) =>
        node is JsonObject o && o.TryGetPropertyValue(name, out var value) && value is null;

    public static string Text(this JsonNode? node, string path)
    {
        var current = node;
        foreach (var part in path.Split('.'))
            current = current?[part];
        return current switch
        {
            null => "<missing>",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => current.ToJsonString(),
        };
    }
}
