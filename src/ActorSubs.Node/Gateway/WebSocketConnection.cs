using System.Net.WebSockets;
using System.Threading.Channels;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using Prometheus;

namespace ActorSubs.Node.Gateway;

/// <summary>
/// The socket side of a session: a bounded queue of outgoing frames drained by one writer loop. The session
/// actor only enqueues, so a client that stops reading fills the queue, the session sees it and cuts the
/// client instead of buffering without bound.
/// </summary>
public sealed class WebSocketConnection(int queueFrames, TimeSpan closeGrace, TimeProvider clock) : IAgentConnection
{
    private static readonly Histogram NotificationLateness = Metrics.CreateHistogram("actorsubs_gateway_notification_lateness_seconds",
        "From the instant a reminder or expiry was due to its notification frame written to a device's socket, by kind.",
        new HistogramConfiguration { LabelNames = ["kind"], Buckets = AccountMetrics.LatenessBuckets });

    private readonly Channel<ServerFrame> _outbound = Channel.CreateBounded<ServerFrame>(new BoundedChannelOptions(queueFrames)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly CancellationTokenSource _abort = new();
    private (int Code, string Reason)? _close;

    public bool TrySend(ServerFrame frame) => _outbound.Writer.TryWrite(frame);

    // Best effort by design: the other half of the queue stays free for the frames that matter.
    public bool TrySendAdvisory(ServerFrame frame) => _outbound.Reader.Count < queueFrames / 2 && _outbound.Writer.TryWrite(frame);

    /// <summary>Queued frames go out first, then the close frame; a client that does not read is aborted after a grace.</summary>
    public void Close(int code, string reason)
    {
        lock (_outbound)
        {
            if (_close is not null) return;
            _close = (code, reason);
        }
        Finish();
    }

    /// <summary>Writes frames until the queue is completed, then closes the socket with the requested code.</summary>
    public async Task WriteLoopAsync(WebSocket socket, CancellationToken cancellation)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _abort.Token);
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync(linked.Token))
            {
                await socket.SendAsync(FrameJson.Serialize(frame), WebSocketMessageType.Text, endOfMessage: true, linked.Token);
                // What the clock raised: how late it reached the wire, the node's half of the lateness a device sees.
                if (frame is NotificationFrame { Data.DueAt: { } dueAt } notification)
                    NotificationLateness.WithLabels(ActorSubs.Domain.WireNames.Of(notification.Kind)).Observe(Math.Max(0, (clock.GetUtcNow() - dueAt).TotalSeconds));
            }
            if (_close is { } close && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, linked.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The client is gone or too slow to take even the close frame: drop the connection.
            socket.Abort();
        }
    }

    /// <summary>Ends the writer without a close frame (the socket is already closed by the client).</summary>
    public void Finish()
    {
        _outbound.Writer.TryComplete();
        _abort.CancelAfter(closeGrace);
    }
}
