using System.Net;
using System.Net.Sockets;

namespace ActorSubs.Testing;

/// <summary>
/// Loopback ports that were free a moment ago, for nodes the tests start. All of one call's ports are held open together
/// until the last is found, so they differ from each other: a node given one port for HTTP and port 0 for remoting once
/// had the kernel hand its remoting the very port just picked for its HTTP, and failed to start.
/// </summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    public static int Take() => Take(1)[0];
}
