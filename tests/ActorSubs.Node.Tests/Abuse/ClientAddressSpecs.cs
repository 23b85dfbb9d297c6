using System.Net;
using ActorSubs.Node.Api.RateLimiting;

namespace ActorSubs.Node.Tests.Abuse;

/// <summary>docs/api.md, Rate limits: what one client address is for the per-address limits.</summary>
public sealed class ClientAddressSpecs
{
    [Fact]
    public void An_IPv4_address_counts_as_itself_also_when_it_arrives_mapped_to_IPv6()
    {
        Assert.Equal("203.0.113.7", ClientAddress.Of(IPAddress.Parse("203.0.113.7")));
        Assert.Equal("203.0.113.7", ClientAddress.Of(IPAddress.Parse("::ffff:203.0.113.7")));
        Assert.NotEqual(ClientAddress.Of(IPAddress.Parse("203.0.113.7")), ClientAddress.Of(IPAddress.Parse("203.0.113.8")));
    }

    [Fact]
    public void IPv6_addresses_of_one_64_bit_prefix_count_as_one_address()
    {
        var one = ClientAddress.Of(IPAddress.Parse("2001:db8:1:2:aaaa::1"));

        Assert.Equal(one, ClientAddress.Of(IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        Assert.NotEqual(one, ClientAddress.Of(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("2001:db8:1:2::/64", one);
    }
}
