using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorSubs.Node.Tests.Support;

/// <summary>A real WebSocket client (ClientWebSocket) speaking the JSON frames of SPEC §2.</summary>
public sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[1 << 20];

    private WsClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public static async Task<WsClient> ConnectAsync(TestNode node, string path, string token, bool inQuery = false)
    {
        var socket = new ClientWebSocket();
        var builder = new UriBuilder(node.BaseAddress) { Scheme = "ws", Path = path };
        if (inQuery) builder.Query = "access_token=" + Uri.EscapeDataString(token);
        else socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(builder.Uri, timeout.Token);
        return new WsClient(socket);
    }

    /// <summary>The HTTP status a refused upgrade answered with.</summary>
    public static async Task<int> RefusedStatusAsync(TestNode node, string path, string token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        var uri = new UriBuilder(node.BaseAddress) { Scheme = "ws", Path = path }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
        return (int)socket.HttpStatusCode;
    }

    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next frame, or null when the server closed the socket.</summary>
    public async Task<JsonNode?> ReceiveAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        var count = 0;
        WebSocketReceiveResult result;
        do
        {
            if (count == _buffer.Length) throw new InvalidOperationException("frame too large for the test client");
            result = await _socket.ReceiveAsync(new ArraySegment<byte>(_buffer, count, _buffer.Length - count), timeout.Token);
            count += result.Count;
        } while (!result.EndOfMessage);
        if (result.MessageType == WebSocketMessageType.Close) return null;
        return JsonNode.Parse(Encoding.UTF8.GetString(_buffer, 0, count));
    }

    /// <summary>Reads frames until one of <paramref name="type"/> arrives (skipping others).</summary>
    public async Task<JsonNode> ReceiveTypeAsync(string type, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no '{type}' frame");
            var frame = await ReceiveAsync(left) ?? throw new InvalidOperationException(
                $"closed ({CloseStatus} {CloseDescription}) while waiting for '{type}'");
            if (frame["type"]?.GetValue<string>() == type) return frame;
        }
    }

    /// <summary>Reads until the server closes; returns the close code and reason.</summary>
    public async Task<(int Code, string? Reason)> ReceiveCloseAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await ReceiveAsync(deadline - DateTime.UtcNow) is null)
                return ((int)(_socket.CloseStatus ?? 0), _socket.CloseStatusDescription);
        }
        throw new TimeoutException("the server did not close the socket");
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // the server is already gone
            }
        }
        _socket.Dispose();
    }
}
