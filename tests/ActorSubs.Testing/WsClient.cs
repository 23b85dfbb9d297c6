using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ActorSubs.Testing;

/// <summary>
/// A real WebSocket client (ClientWebSocket) speaking the JSON frames of docs/protocol.md.
/// <para>
/// By default a background reader takes every frame off the socket as soon as it arrives and queues it
/// here, so a test that waits "at most N seconds" for a frame never cancels a receive (which would abort a
/// ClientWebSocket) and the server never sees a slow reader. A client connected with
/// <c>read: false</c> never reads (a deliberately slow consumer) until <see cref="DrainUntilEndAsync"/>.
/// </para>
/// </summary>
public sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonNode> _frames = Channel.CreateUnbounded<JsonNode>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private volatile bool _ended;
    private bool _disposed;

    private WsClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    /// <summary>The close code the server sent; null until a close frame has been read (or when the connection just dropped).</summary>
    public int? ReceivedCloseCode { get; private set; }

    public string? ReceivedCloseReason { get; private set; }

    /// <summary>Set when the connection ended without a close frame (reset, abort).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>True once the server has closed the connection (close frame or drop) and every frame was read.</summary>
    public bool Ended => _ended;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => ReceivedCloseReason ?? _socket.CloseStatusDescription;

    public static Task<WsClient> ConnectAsync(INodeAddress node, string path, string token, bool inQuery = false, bool read = true) =>
        ConnectAsync(node.BaseAddress, path, token, inQuery, read);

    public static async Task<WsClient> ConnectAsync(Uri baseAddress, string path, string token, bool inQuery = false, bool read = true)
    {
        var socket = new ClientWebSocket();
        var builder = new UriBuilder(baseAddress) { Scheme = "ws", Path = path };
        if (inQuery) builder.Query = "access_token=" + Uri.EscapeDataString(token);
        else socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(builder.Uri, timeout.Token);
        var client = new WsClient(socket);
        if (read) client._reader = Task.Run(client.ReadLoopAsync);
        return client;
    }

    /// <summary>The HTTP status a refused upgrade answered with.</summary>
    public static Task<int> RefusedStatusAsync(INodeAddress node, string path, string token, bool inQuery = false) =>
        RefusedStatusAsync(node.BaseAddress, path, token, inQuery);

    public static async Task<int> RefusedStatusAsync(Uri baseAddress, string path, string token, bool inQuery = false)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var builder = new UriBuilder(baseAddress) { Scheme = "ws", Path = path };
        if (inQuery) builder.Query = "access_token=" + Uri.EscapeDataString(token);
        else socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(builder.Uri, timeout.Token));
        return (int)socket.HttpStatusCode;
    }

    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame));

    public Task SendTextAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public Task SendBinaryAsync(byte[] bytes) => SendRawAsync(bytes, WebSocketMessageType.Binary);

    /// <summary>A text message of these exact bytes, which need not be valid UTF-8 (the fuzz sends some that are not).</summary>
    public Task SendTextBytesAsync(byte[] bytes) => SendRawAsync(bytes, WebSocketMessageType.Text);

    private async Task SendRawAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _sending.WaitAsync(timeout.Token);
        try
        {
            await _socket.SendAsync(bytes, type, true, timeout.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The next frame, or null when the server closed (or dropped) the connection; throws on timeout.</summary>
    public async Task<JsonNode?> ReceiveAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _frames.Reader.WaitToReadAsync(timeout.Token) && _frames.Reader.TryRead(out var frame) ? frame : null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no frame within {(within ?? TimeSpan.FromSeconds(10)).TotalSeconds:0.#} s");
        }
    }

    /// <summary>Reads frames until one of <paramref name="type"/> arrives (skipping others).</summary>
    public Task<JsonNode> ReceiveTypeAsync(string type, TimeSpan? within = null) =>
        ReceiveMatchingAsync(f => f.Text("type") == type, $"a '{type}' frame", within);

    /// <summary>Reads frames until a notification of <paramref name="kind"/> arrives (skipping others).</summary>
    public Task<JsonNode> ReceiveNotificationAsync(string kind, TimeSpan? within = null) =>
        ReceiveMatchingAsync(f => f.Text("type") == "notification" && f.Text("kind") == kind, $"a '{kind}' notification", within);

    /// <summary>Reads frames until one matches; the skipped frames are listed when none does.</summary>
    public async Task<JsonNode> ReceiveMatchingAsync(Func<JsonNode, bool> match, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        var skipped = new List<string>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            JsonNode? frame;
            try
            {
                if (left <= TimeSpan.Zero) throw new TimeoutException();
                frame = await ReceiveAsync(left);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no {what}; skipped: [{string.Join(", ", skipped.TakeLast(10))}]");
            }
            if (frame is null)
                throw new InvalidOperationException($"closed ({ReceivedCloseCode} {ReceivedCloseReason} {Failure?.Message}) while waiting for {what}; skipped: [{string.Join(", ", skipped.TakeLast(10))}]");
            if (match(frame)) return frame;
            skipped.Add(frame.ToJsonString());
        }
    }

    /// <summary>Asserts that no frame arrives (and the connection is not closed) for <paramref name="period"/>.</summary>
    public async Task ExpectSilenceAsync(TimeSpan period)
    {
        JsonNode? frame;
        try
        {
            frame = await ReceiveAsync(period);
        }
        catch (TimeoutException)
        {
            return;
        }
        Assert.Fail(frame is null
            ? $"the connection ended ({ReceivedCloseCode} {ReceivedCloseReason} {Failure?.Message}) instead of staying quiet"
            : $"expected no frame, got {frame.ToJsonString()}");
    }

    /// <summary>Reads until the server closes; returns the close code (0 when dropped without one) and reason.</summary>
    public async Task<(int Code, string? Reason)> ReceiveCloseAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("the server did not close the socket");
            JsonNode? frame;
            try
            {
                frame = await ReceiveAsync(left);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException("the server did not close the socket");
            }
            if (frame is null) return (ReceivedCloseCode ?? 0, ReceivedCloseReason);
        }
    }

    /// <summary>
    /// For a client connected with <c>read: false</c>: reads (and discards) everything the server had sent until
    /// the connection ends. Returns the bytes read and whether it ended within <paramref name="within"/>.
    /// </summary>
    public async Task<(long Bytes, bool Ended)> DrainUntilEndAsync(TimeSpan within)
    {
        var buffer = new byte[1 << 16];
        long bytes = 0;
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, timeout.Token);
                bytes += result.Count;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ReceivedCloseCode = (int?)result.CloseStatus;
                    ReceivedCloseReason = result.CloseStatusDescription;
                    return (bytes, true);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (bytes, false);
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            Failure = e;
            return (bytes, true);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length) throw new InvalidOperationException("frame too large for the test client");
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token);
                    count += result.Count;
                } while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ReceivedCloseCode = (int?)_socket.CloseStatus;
                    ReceivedCloseReason = _socket.CloseStatusDescription;
                    await AnswerCloseAsync();
                    return;
                }
                if (result.MessageType == WebSocketMessageType.Binary)
                    throw new InvalidOperationException("the server sent a binary frame");
                _frames.Writer.TryWrite(JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, count))!);
            }
        }
        catch (Exception e)
        {
            if (!_stop.IsCancellationRequested) Failure = e;
        }
        finally
        {
            _ended = true;
            _frames.Writer.TryComplete();
        }
    }

    /// <summary>Completes the close handshake as a well-behaved client does, so the server is not left waiting.</summary>
    private async Task AnswerCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseReceived) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _sending.WaitAsync(timeout.Token);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            finally
            {
                _sending.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the server is already gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _sending.WaitAsync(timeout.Token);
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
                }
                finally
                {
                    _sending.Release();
                }
                // Let the reader see the server's answer, briefly.
                await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(2)));
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the server is already gone
            }
        }
        _stop.Cancel();
        try { await _reader; }
        catch (Exception) { /* recorded in Failure */ }
        _socket.Dispose();
        _stop.Dispose();
    }
}
