using System.Buffers;
using System.Net;
using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Clients;

/// <summary>
/// What every simulated client of a run shares, so one client costs little memory: the recorder, one HTTP handler
/// for the upgrades, the receive buffer pool (a client holds a buffer only while a frame is being read; an idle
/// client waits with a zero-byte read), the targets and the scenario's event sink.
/// </summary>
public sealed class ClientHub : IDisposable
{
    /// <summary>Largest frame a client reads; the node's own limit on client frames is 64 KiB.</summary>
    public const int MaxFrameBytes = 1024 * 1024;

    /// <summary>First buffer a frame is read into; a larger frame moves to a larger buffer from the pool.</summary>
    public const int FirstBufferBytes = 4096;

    private readonly HttpMessageInvoker _invoker;
    private long _welcomed;
    private long _open;

    public ClientHub(RunRecorder recorder, IReadOnlyList<Uri> targets, TimeSpan connectTimeout, ClientEvents events,
        Func<string, string, Uri>? webSocketUri = null)
    {
        Recorder = recorder;
        Targets = targets;
        ConnectTimeout = connectTimeout;
        Events = events;
        _webSocketUri = webSocketUri;
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.Zero,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        }, disposeHandler: true);
    }

    private readonly Func<string, string, Uri>? _webSocketUri;

    public RunRecorder Recorder { get; }

    public IReadOnlyList<Uri> Targets { get; }

    public TimeSpan ConnectTimeout { get; }

    public ClientEvents Events { get; }

    public HttpMessageInvoker Invoker => _invoker;

    public ArrayPool<byte> Buffers { get; } = ArrayPool<byte>.Create(MaxFrameBytes, 64);

    /// <summary>Devices and hosts whose welcome frame arrived (since the hub was made).</summary>
    public long Welcomed => Interlocked.Read(ref _welcomed);

    /// <summary>Clients whose socket is open right now (counted by the clients, independent of the recorder).</summary>
    public long Open => Interlocked.Read(ref _open);

    internal void CountWelcome() => Interlocked.Increment(ref _welcomed);

    internal void CountOpen(int by) => Interlocked.Add(ref _open, by);

    /// <summary><c>ws://host:port/ws/device</c> for an http target, <c>wss://</c> for https.</summary>
    public Uri WebSocketUri(int target, string path)
    {
        var baseUri = Targets[target % Targets.Count];
        if (_webSocketUri is not null) return _webSocketUri(baseUri.ToString(), path);
        var builder = new UriBuilder(baseUri)
        {
            Scheme = baseUri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = path,
        };
        return builder.Uri;
    }

    public void Dispose() => _invoker.Dispose();
}
