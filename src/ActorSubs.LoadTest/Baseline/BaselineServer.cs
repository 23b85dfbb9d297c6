using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ActorSubs.LoadTest.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ActorSubs.LoadTest.Baseline;

/// <summary>
/// The baseline: a bare Kestrel WebSocket server inside the load tester, speaking just enough of the device and host
/// protocol for the same clients: it accepts any token, sends a welcome, pairs a device's <c>open</c> with the host
/// named in it, and forwards <c>data</c> frames unchanged between the two ends of a channel. No accounts, no actors,
/// no persistence: what the gateway costs per connection and per frame is the difference to this. For the expiry storm it
/// also tells every connected device that its subscription expired at one instant and cuts it with 4001 after the limit
/// (<see cref="ExpireAllAt"/>): the machine's floor for pushing one frame to every socket at once.
/// </summary>
public sealed class BaselineServer : IAsyncDisposable
{
    private const string TokenPrefix = "baseline";
    /// <summary>Like the node's read loop: a small pooled buffer per connection, a larger one only for a larger frame.</summary>
    private const int FirstBufferBytes = 1024;
    private const int MaxFrameBytes = 1024 * 1024;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Connection> _hosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Connection Device, Connection? Host)> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Connection, byte> _devices = new();
    private readonly List<ITimer> _timers = [];
    private long _sessions;

    private BaselineServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The route that calls <see cref="ExpireAllAt"/> (the storm sets its instant through it, in or out of process).</summary>
    public const string ExpirePath = "/baseline/expire";

    /// <summary>
    /// <c>POST</c>: a full blocking garbage collection in the server, 204 when done; the storm's <c>--node-pid</c> settles the
    /// baseline's heap as it does the node's.
    /// </summary>
    public const string SettlePath = "/baseline/settle";

    /// <summary>Starts on <paramref name="port"/> of 127.0.0.1 (0: a free one).</summary>
    public static async Task<BaselineServer> StartAsync(CancellationToken cancellation, int port = 0)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddLogging();
        builder.Services.AddOptions();
        var app = builder.Build();
        var server = new BaselineServer(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return server;
    }

    /// <summary>A fleet of the same shape as the gateway's, with tokens the baseline server reads without a lookup.</summary>
    public static FleetFile SyntheticFleet(FleetShape shape)
    {
        string[] platforms = ["ios", "android", "web"];
        var accounts = Enumerable.Range(0, shape.Accounts).Select(a =>
        {
            var accountId = $"bl-{a:D6}";
            return new FleetAccount(accountId,
                Enumerable.Range(0, shape.DevicesPerAccount)
                    .Select(j => new FleetAgent($"dev-{j}", $"{TokenPrefix}.dev.{accountId}.dev-{j}", platforms[(a + j) % 3])).ToArray(),
                Enumerable.Range(0, shape.HostsPerAccount)
                    .Select(j => new FleetAgent($"host-{j}", $"{TokenPrefix}.host.{accountId}.host-{j}")).ToArray());
        }).ToArray();
        return new FleetFile(FleetFile.CurrentVersion, "baseline", DateTimeOffset.UtcNow, [], shape.DevicesPerAccount,
            shape.HostsPerAccount, accounts);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == ExpirePath && HttpMethods.IsPost(context.Request.Method))
        {
            HandleExpire(context);
            return;
        }
        if (context.Request.Path == SettlePath && HttpMethods.IsPost(context.Request.Method))
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        var isHost = context.Request.Path == "/ws/host";
        if (!isHost && context.Request.Path != "/ws/device")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        // Any token is accepted; a synthetic one names the account and agent (baseline.kind.account.agent).
        var parts = header["Bearer ".Length..].Trim().Split('.');
        var account = parts.Length == 4 ? parts[2] : "any";
        var agent = parts.Length == 4 ? parts[3] : Guid.NewGuid().ToString("N");

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var sessionId = Interlocked.Increment(ref _sessions).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        var connection = new Connection(socket, sessionId, agent);
        var key = $"{account}/{agent}";
        if (isHost) _hosts[key] = connection;
        else _devices[connection] = 0;
        try
        {
            await connection.SendAsync(Encoding.UTF8.GetBytes(
                $$"""{"type":"welcome","sessionId":"{{sessionId}}","subscription":null,"sessionEndsAt":null,"prompt":null,"droppedNotifications":0}"""));
            await ReadLoopAsync(connection, account, context.RequestAborted);
        }
        finally
        {
            if (isHost) _hosts.TryRemove(new KeyValuePair<string, Connection>(key, connection));
            else _devices.TryRemove(connection, out _);
            foreach (var channel in connection.Channels.Keys)
            {
                if (_channels.TryRemove(channel, out var ends))
                {
                    var peer = ReferenceEquals(ends.Device, connection) ? ends.Host : ends.Device;
                    if (peer is not null) await peer.SendAsync(Encoding.UTF8.GetBytes($$"""{"type":"close","channelId":"{{channel}}"}"""));
                }
            }
        }
    }

    private async Task ReadLoopAsync(Connection connection, string account, CancellationToken cancellation)
    {
        var socket = connection.Socket;
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        if (buffer.Length >= MaxFrameBytes)
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "too big", cancellation);
                            return;
                        }
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellation);
                    count += result.Count;
                } while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await connection.CloseAsync();
                    return;
                }
                await HandleFrameAsync(connection, account, buffer.AsMemory(0, count));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleFrameAsync(Connection connection, string account, ReadOnlyMemory<byte> frame)
    {
        var (type, channelId, hostId) = Read(frame.Span);
        switch (type)
        {
            case "open" when hostId is not null:
                if (!_hosts.TryGetValue($"{account}/{hostId}", out var host))
                {
                    await connection.SendAsync(Encoding.UTF8.GetBytes(
                        """{"type":"error","code":"host-offline","detail":"The host is not connected."}"""));
                    return;
                }
                var channel = $"{connection.SessionId}.{++connection.ChannelCounter}";
                _channels[channel] = (connection, null);
                connection.Channels[channel] = 0;
                await host.SendAsync(Encoding.UTF8.GetBytes(
                    $$"""{"type":"open","channelId":"{{channel}}","deviceId":{{JsonSerializer.Serialize(connection.AgentId)}}}"""));
                break;
            case "accept" when channelId is not null:
                if (_channels.TryGetValue(channelId, out var pending) && pending.Host is null)
                {
                    _channels[channelId] = (pending.Device, connection);
                    connection.Channels[channelId] = 0;
                    await pending.Device.SendAsync(Encoding.UTF8.GetBytes($$"""{"type":"opened","channelId":"{{channelId}}"}"""));
                }
                break;
            case "data" when channelId is not null:
                // Forwarded as it came: the client frame has the same shape as the server's data frame.
                if (_channels.TryGetValue(channelId, out var ends) && ends.Host is not null)
                    await (ReferenceEquals(ends.Device, connection) ? ends.Host : ends.Device).SendAsync(frame);
                break;
            case "close" when channelId is not null:
                if (_channels.TryRemove(channelId, out var closed))
                {
                    var peer = ReferenceEquals(closed.Device, connection) ? closed.Host : closed.Device;
                    var bytes = Encoding.UTF8.GetBytes($$"""{"type":"close","channelId":"{{channelId}}"}""");
                    if (peer is not null) await peer.SendAsync(bytes);
                    await connection.SendAsync(bytes);
                }
                break;
        }
    }

    /// <summary>The top-level <c>type</c>, <c>channelId</c> and <c>hostId</c> of a frame, without building a document.</summary>
    private static (string? Type, string? ChannelId, string? HostId) Read(ReadOnlySpan<byte> frame)
    {
        string? type = null, channelId = null, hostId = null;
        try
        {
            var reader = new Utf8JsonReader(frame);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8)) { reader.Read(); type = reader.GetString(); }
                else if (reader.ValueTextEquals("channelId"u8)) { reader.Read(); channelId = reader.GetString(); }
                else if (reader.ValueTextEquals("hostId"u8)) { reader.Read(); hostId = reader.GetString(); }
                else { reader.Read(); reader.Skip(); }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return default;
        }
        return (type, channelId, hostId);
    }

    /// <summary>
    /// At <paramref name="instant"/> every connected device gets a <c>subscription-expired</c> notification shaped like the
    /// node's (its <c>at</c> is when this server sent it, <c>data.sessionEndsAt</c> the cut), and at the cut a close 4001.
    /// Like the gateway, every send is started at once and none waits for another socket.
    /// </summary>
    private void ExpireAllAt(DateTimeOffset instant, TimeSpan sessionLimit)
    {
        var endsAt = instant + sessionLimit;
        lock (_timers)
        {
            _timers.Add(TimeProvider.System.CreateTimer(_ => Broadcast(connection => connection.SendAsync(Encoding.UTF8.GetBytes(
                    $$$"""{"type":"notification","id":"n1-subscription-expired","kind":"subscription-expired","at":"{{{Iso(DateTimeOffset.UtcNow)}}}","data":{"dueAt":"{{{Iso(instant)}}}","sessionEndsAt":"{{{Iso(endsAt)}}}"}}"""))),
                null, Until(instant), Timeout.InfiniteTimeSpan));
            _timers.Add(TimeProvider.System.CreateTimer(_ => Broadcast(connection => connection.CloseAsync(4001, "subscription-expired")),
                null, Until(endsAt), Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary><c>POST /baseline/expire?at=ISO-8601&amp;limitMs=N</c>: 204, or 400 when either is missing or malformed.</summary>
    private void HandleExpire(HttpContext context)
    {
        var query = context.Request.Query;
        if (!DateTimeOffset.TryParse(query["at"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            || !long.TryParse(query["limitMs"], System.Globalization.CultureInfo.InvariantCulture, out var limitMs) || limitMs < 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        ExpireAllAt(at, TimeSpan.FromMilliseconds(limitMs));
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private void Broadcast(Func<Connection, Task> send)
    {
        foreach (var connection in _devices.Keys) _ = send(connection);
    }

    private static TimeSpan Until(DateTimeOffset instant) =>
        instant - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        lock (_timers)
        {
            foreach (var timer in _timers) timer.Dispose();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private sealed class Connection(WebSocket socket, string sessionId, string agentId)
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public WebSocket Socket { get; } = socket;

        public string SessionId { get; } = sessionId;

        public string AgentId { get; } = agentId;

        public int ChannelCounter;

        public ConcurrentDictionary<string, byte> Channels { get; } = new(StringComparer.Ordinal);

        public async Task SendAsync(ReadOnlyMemory<byte> frame)
        {
            await _send.WaitAsync();
            try
            {
                if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await Socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
            }
            finally
            {
                _send.Release();
            }
        }

        /// <summary>Answers a client's close (normal closure), or closes first with <paramref name="code"/>.</summary>
        public async Task CloseAsync(int code = (int)WebSocketCloseStatus.NormalClosure, string reason = "")
        {
            await _send.WaitAsync();
            try
            {
                if (Socket.State is WebSocketState.CloseReceived or WebSocketState.Open)
                    await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
