using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace ActorSubs.Node.Tests.Abuse;

/// <summary>
/// A WebSocket upgrade request sent with HttpClient, for specs that read a refused upgrade's problem document and
/// headers (ClientWebSocket gives the status and headers of a refusal, but not its body).
/// </summary>
public static class WebSocketUpgrade
{
    public static async Task<Answer> RefusalAsync(TestNode node, string path, string token, bool inQuery = false)
    {
        using var client = node.Client(bearer: null);
        var target = inQuery ? $"{path}?access_token={Uri.EscapeDataString(token)}" : path;
        return await Answer.SendAsync(client, Request(target, inQuery ? null : token));
    }

    private static HttpRequestMessage Request(string target, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }
}
