using System.Buffers;
using System.Net.WebSockets;
using ActorSubs.Cluster.Gateway;
using Akka.Actor;
using Prometheus;

namespace ActorSubs.Node.Gateway;

/// <summary>
/// Runs one accepted WebSocket: the reader turns text frames into messages for the session actor (with the
/// frame size and rate limits), the writer drains the connection's queue. Whichever ends first ends both.
/// </summary>
public static class SessionSocket
{
    private static readonly Counter FramesIn = Metrics.CreateCounter("actorsubs_gateway_frames_received_total", "Client frames by outcome.", "outcome");

    private const int InitialBufferBytes = 1024;

    /// <summary>Consecutive frames over the rate limit before the client is disconnected.</summary>
    private const int FloodTolerance = 50;

    public static async Task RunAsync(WebSocket socket, WebSocketConnection connection, IActorRef session, GatewayOptions options,
        TimeProvider clock, CancellationToken cancellation)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var writer = connection.WriteLoopAsync(socket, cancellation);
        var reader = ReadLoopAsync(socket, connection, session, options, clock, reading.Token);
        // We closed (cut, revoke, shutdown): the client has CloseGrace to answer the close frame. Else the client did.
        if (await Task.WhenAny(reader, writer) == writer)
            reading.CancelAfter(options.CloseGrace);
        else
            connection.Finish();
        await Task.WhenAll(reader, writer);
    }

    private static async Task ReadLoopAsync(WebSocket socket, WebSocketConnection connection, IActorRef session,
        GatewayOptions options, TimeProvider clock, CancellationToken cancellation)
    {
        // An idle connection holds only a small buffer while it waits; a large frame borrows a larger one from
        // the pool while it is read. (A MaxFrameBytes buffer per connection would be 64 KiB x every device.)
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        var limit = new MessageRateLimit(options.MessagesPerSecond, options.MessageBurst, clock);
        var overLimit = 0;
        try
        {
            // After our close frame (CloseSent) the client's answer is still to be read: the writer may have sent it
            // before this loop first ran (a drain right after the handshake) or while a frame was being handled.
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    var capacity = Math.Min(buffer.Length, options.MaxFrameBytes);
                    if (count == capacity)
                    {
                        if (capacity == options.MaxFrameBytes)
                        {
                            FramesIn.WithLabels("too-large").Inc();
                            connection.Close(CloseCodes.MessageTooBig, $"frames are limited to {options.MaxFrameBytes} bytes");
                            return;
                        }
                        buffer = Grow(buffer, count, options.MaxFrameBytes);
                        capacity = Math.Min(buffer.Length, options.MaxFrameBytes);
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(count, capacity - count), cancellation);
                    count += result.Count;
                } while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    connection.Close(CloseCodes.NormalClosure, "closed by the client");
                    return;
                }
                if (!limit.TryTake())
                {
                    FramesIn.WithLabels("rate-limited").Inc();
                    if (++overLimit > FloodTolerance)
                    {
                        connection.Close(CloseCodes.PolicyViolation, "message rate limit exceeded");
                        return;
                    }
                    // Error replies are advisory: a burst of them must not fill the queue so that the next real frame
                    // cuts the client as "not reading" (see IAgentConnection.TrySendAdvisory).
                    connection.TrySendAdvisory(new ErrorFrame("rate-limited",
                        $"At most {options.MessagesPerSecond} frames per second; this frame was dropped."));
                    continue;
                }
                overLimit = 0;
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    FramesIn.WithLabels("binary").Inc();
                    connection.TrySendAdvisory(new ErrorFrame("bad-frame", "Frames are JSON text, not binary."));
                    continue;
                }
                if (ClientFrameParser.TryParse(buffer.AsSpan(0, count), out var frame, out var error))
                {
                    FramesIn.WithLabels("ok").Inc();
                    session.Tell(frame);
                }
                else
                {
                    FramesIn.WithLabels("invalid").Inc();
                    connection.TrySendAdvisory(error!);
                }
                if (buffer.Length > InitialBufferBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client vanished, or we are closing and it did not answer in time.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            session.Tell(AgentSession.ConnectionEnded.Instance);
        }
    }

    private static byte[] Grow(byte[] buffer, int used, int max)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(max, buffer.Length * 4));
        buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }
}
