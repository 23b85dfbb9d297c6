using System.Net;
using System.Net.Sockets;

namespace ActorSubs.Node.Api.RateLimiting;

/// <summary>
/// The client address a per-address limit counts against: the TCP peer of the connection. An IPv4 address counts as
/// itself (also when it arrives IPv4-mapped on a dual-stack socket); an IPv6 address counts as its /64, because one
/// subscriber usually holds a whole /64 and could otherwise take a fresh address for every request.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
