using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace ActorSubs.Node.Tests.Support;

/// <summary>
/// HTTP clients that reach a node from a chosen loopback address (any of 127.0.0.0/8 on Linux), so a spec of a
/// per-address limit can be one client address, or two, without sharing 127.0.0.1 with every other spec.
/// </summary>
public static class SourceAddress
{
    public static HttpClient Client(TestNode node, string source, string? bearer = null)
    {
        var from = IPAddress.Parse(source);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }
}
