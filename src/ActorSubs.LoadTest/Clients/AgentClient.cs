using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Clients;

public enum AgentState { Idle, Connecting, Open, Closed }

/// <summary>
/// One simulated device or host agent on a <see cref="ClientWebSocket"/>: connects with its token in the
/// Authorization header (recording the attempt, its latency or the reason it failed), reads frames in a loop
/// and hands each parsed frame to the subclass, and records how the connection ended.
/// </summary>
public abstract class AgentClient(ClientHub hub, string accountId, string agentId, string token)
{
    private ClientWebSocket? _socket;
    private SemaphoreSlim? _sendLock;
    private volatile bool _closingByClient;
    private bool _recordClientClose;
    private int _state;

    protected ClientHub Hub { get; } = hub;

    public string AccountId { get; } = accountId;

    public string AgentId { get; } = agentId;

    public string Token { get; } = token;

    /// <summary>Which of the hub's targets the next connect goes to (round-robin assignment by the scenario).</summary>
    public int Target { get; set; }

    public AgentState State => (AgentState)Volatile.Read(ref _state);

    /// <summary>When the last connect started (Stopwatch timestamp), for the welcome latency.</summary>
    public long ConnectStartedAt { get; private set; }

    /// <summary>Scenario state attached to this client (a relay pair, an expiry record …).</summary>
    public object? Tag { get; set; }

    protected abstract string Path { get; }

    /// <summary>Direction name for frames the server sends this client (other than relayed data).</summary>
    protected abstract string ServerDirection { get; }

    /// <summary>Direction name for frames this client sends the server (other than relayed data).</summary>
    protected abstract string ToServerDirection { get; }

    /// <summary>
    /// Opens the socket. Records the attempt and either the connect latency (to the completed upgrade) or the reason it
    /// failed; <paramref name="alsoRecordAs"/> records the latency under a second name too (e.g. <c>reconnect</c>).
    /// </summary>
    public async Task<bool> ConnectAsync(CancellationToken cancellation, string? alsoRecordAs = null)
    {
        var recorder = Hub.Recorder;
        Volatile.Write(ref _state, (int)AgentState.Connecting);
        _closingByClient = false;
        recorder.ConnectAttempt();
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + Token);
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // the server keeps the connection alive; idle clients stay idle
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(Hub.ConnectTimeout);
        ConnectStartedAt = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(Hub.WebSocketUri(Target, Path), Hub.Invoker, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException or SocketException or IOException)
        {
            if (e is OperationCanceledException && cancellation.IsCancellationRequested)
            {
                recorder.ConnectFailed("cancelled");
                socket.Dispose();
                Volatile.Write(ref _state, (int)AgentState.Closed);
                throw;
            }
            recorder.ConnectFailed(FailureReason(e, socket, timeout.IsCancellationRequested));
            socket.Dispose();
            Volatile.Write(ref _state, (int)AgentState.Closed);
            return false;
        }

        var latency = Stopwatch.GetElapsedTime(ConnectStartedAt);
        socket.HttpResponseHeaders = null; // kept by CollectHttpResponseDetails; not needed once connected
        _socket = socket;
        Volatile.Write(ref _state, (int)AgentState.Open);
        Hub.CountOpen(1);
        recorder.ConnectSucceeded(latency);
        if (alsoRecordAs is not null) recorder.Latency(alsoRecordAs, latency);
        _ = Task.Run(() => ReadLoopAsync(socket));
        return true;
    }

    /// <summary>
    /// Closes with 1000 and waits (bounded) for the server's answer. <paramref name="recordAsDisconnect"/> false keeps
    /// the close out of the disconnect counters (the end of a run); true counts it (a scenario's own storm of closes).
    /// </summary>
    public async Task CloseAsync(bool recordAsDisconnect, TimeSpan wait)
    {
        var socket = _socket;
        if (socket is null || State != AgentState.Open) return;
        _recordClientClose = recordAsDisconnect;
        _closingByClient = true;
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await LockedAsync(() => socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "load test done", timeout.Token));
            while (State == AgentState.Open && !timeout.IsCancellationRequested) await Task.Delay(20, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
        if (State == AgentState.Open) socket.Abort();
    }

    /// <summary>Drops the connection without a close frame.</summary>
    public void Abort() => _socket?.Abort();

    /// <summary>Sends one text frame (frames from several tasks are serialised); false when the socket is not open.</summary>
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> utf8, string direction)
    {
        var socket = _socket;
        if (socket is null || State != AgentState.Open) return false;
        _sendLock ??= new SemaphoreSlim(1, 1);
        await _sendLock.WaitAsync();
        try
        {
            if (socket.State != WebSocketState.Open) return false;
            await socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            Hub.Recorder.FrameSent(direction);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            Hub.Recorder.Error("send-failed");
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public ValueTask<bool> SendAsync(string json, string direction) => SendAsync(Encoding.UTF8.GetBytes(json), direction);

    protected ValueTask<bool> SendToServerAsync(string json) => SendAsync(json, ToServerDirection);

    private async Task LockedAsync(Func<Task> action)
    {
        _sendLock ??= new SemaphoreSlim(1, 1);
        await _sendLock.WaitAsync();
        try { await action(); }
        finally { _sendLock.Release(); }
    }

    /// <summary>
    /// Waits for each frame with a zero-byte read (no buffer held while idle), then reads it into a buffer from the
    /// shared pool, parses it and returns the buffer.
    /// </summary>
    private async Task ReadLoopAsync(ClientWebSocket socket)
    {
        int? closeCode = null;
        var clean = false;
        try
        {
            while (true)
            {
                var first = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (first.MessageType == WebSocketMessageType.Close)
                {
                    closeCode = (int?)socket.CloseStatus;
                    clean = true;
                    break;
                }
                if (first.EndOfMessage && first.Count == 0 && first.MessageType == WebSocketMessageType.Text)
                {
                    // An empty text frame: nothing to parse.
                    continue;
                }
                await ReadFrameAsync(socket, first.EndOfMessage);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }

        var arrival = DateTimeOffset.UtcNow;
        var byClient = _closingByClient;
        // The scenario hears of the close before the client counts as closed, so "none open" means "all reported".
        Hub.Events.Closed(this, arrival, clean ? closeCode : null, byClient);
        if (!byClient || _recordClientClose) Hub.Recorder.Disconnected(clean ? closeCode ?? (int)WebSocketCloseStatus.Empty : null);
        Volatile.Write(ref _state, (int)AgentState.Closed);
        Hub.CountOpen(-1);
        try
        {
            if (clean && socket.State == WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await LockedAsync(() => socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token));
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task ReadFrameAsync(ClientWebSocket socket, bool alreadyComplete)
    {
        var pool = Hub.Buffers;
        var buffer = pool.Rent(ClientHub.FirstBufferBytes);
        var count = 0;
        var tooLarge = false;
        try
        {
            var end = alreadyComplete;
            while (!end)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= ClientHub.MaxFrameBytes)
                    {
                        tooLarge = true;
                        count = 0; // discard: keep reading to the end of the frame
                    }
                    else
                    {
                        var larger = pool.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(larger);
                        pool.Return(buffer);
                        buffer = larger;
                    }
                }
                var result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
                count += result.Count;
                end = result.EndOfMessage;
            }
            var arrival = Stopwatch.GetTimestamp();
            if (tooLarge)
            {
                Hub.Recorder.Error("frame-too-large");
                return;
            }
            Dispatch(buffer.AsMemory(0, count), arrival);
        }
        finally
        {
            pool.Return(buffer);
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> frame, long arrival)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException)
        {
            Hub.Recorder.Error("bad-frame");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                Hub.Recorder.Error("bad-frame");
                return;
            }
            var name = type.GetString()!;
            if (name == "data")
            {
                Hub.Recorder.FrameReceived(DataDirectionIn);
                if (root.TryGetProperty("channelId", out var channel) && root.TryGetProperty("payload", out var payload))
                    Hub.Events.Data(this, channel.GetString() ?? "", payload, arrival);
                return;
            }
            Hub.Recorder.FrameReceived(ServerDirection);
            switch (name)
            {
                case "welcome":
                    Hub.CountWelcome();
                    Hub.Recorder.Latency(ClientLatencies.Welcome, Stopwatch.GetElapsedTime(ConnectStartedAt));
                    Hub.Events.Welcome(this, DateTimeOffset.UtcNow, TimeOf(root, "sessionEndsAt"));
                    break;
                case "error":
                    var code = Text(root, "code") ?? "unknown";
                    Hub.Recorder.Error("server." + code);
                    Hub.Events.ServerError(this, code, Text(root, "channelId"));
                    break;
                default:
                    OnFrame(name, root);
                    break;
            }
        }
    }

    /// <summary>Direction name for relayed data this client receives.</summary>
    protected abstract string DataDirectionIn { get; }

    /// <summary>A frame other than welcome, error and data.</summary>
    protected abstract void OnFrame(string type, JsonElement root);

    protected static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    protected static DateTimeOffset? TimeOf(JsonElement element, string name) =>
        Text(element, name) is { } text &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;

    /// <summary>Short, stable reasons: <c>http-401</c>, <c>timeout</c>, <c>refused</c>, <c>too-many-open-files</c> …</summary>
    public static string FailureReason(Exception e, ClientWebSocket socket, bool timedOut)
    {
        if (timedOut) return "timeout";
        if (socket.HttpStatusCode is not 0 and not HttpStatusCode.SwitchingProtocols)
            return "http-" + ((int)socket.HttpStatusCode).ToString(CultureInfo.InvariantCulture);
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s)
            {
                return s.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "refused",
                    SocketError.TooManyOpenSockets => "too-many-open-files",
                    SocketError.AddressNotAvailable or SocketError.AddressAlreadyInUse => "no-local-port",
                    SocketError.TimedOut => "timeout",
                    SocketError.ConnectionReset => "reset",
                    _ => "socket-" + Shared.Kebab(s.SocketErrorCode.ToString()),
                };
            }
        }
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException h && h.HttpRequestError != HttpRequestError.Unknown)
                return "http-" + Shared.Kebab(h.HttpRequestError.ToString());
        }
        return e switch
        {
            WebSocketException w => "ws-" + Shared.Kebab(w.WebSocketErrorCode.ToString()),
            IOException => "io-error",
            _ => Shared.Kebab(e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal)),
        };
    }
}

/// <summary>Latency names the clients record besides the shared ones.</summary>
public static class ClientLatencies
{
    /// <summary>From the start of the connect to the welcome frame (the node sends it once the account has the session).</summary>
    public const string Welcome = "welcome";
}

/// <summary>Frame directions besides the shared ones in <see cref="Counters"/>.</summary>
public static class Directions
{
    public const string DeviceToServer = "device-to-server";
    public const string HostToServer = "host-to-server";
    public const string ServerToHost = "server-to-host";
}
