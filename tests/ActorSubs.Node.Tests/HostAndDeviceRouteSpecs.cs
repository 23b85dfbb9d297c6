using System.Net;
using System.Text.Json;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

[Collection(SharedNodeCollection.Name)]
public sealed class HostAndDeviceRouteSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task Five_hosts_fit_the_sixth_is_refused_with_the_limit_and_a_licence_pack_makes_room()
    {
        using var client = _node.Client();
        var id = SharedNode.NewId("hosts");
        await client.SignUpAsync(id);

        for (var i = 1; i <= 5; i++)
        {
            var added = await client.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = $"mac-{i}", name = $"Mac {i}" });
            Assert.Equal(HttpStatusCode.Created, added.Status);
            Assert.Equal($"mac-{i}", added.Body.Text("hostId"));
            Assert.StartsWith("host.", added.Body.Text("token"));
        }
        var sixth = await client.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "mac-6", name = "Mac 6" });
        var pack = await client.PostJsonAsync($"/api/accounts/{id}/licence-packs", new { transactionId = "pack-1" });
        var sixthAgain = await client.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "mac-6", name = "Mac 6" });

        sixth.AssertProblem(HttpStatusCode.Conflict, "host-limit-reached");
        // A count is a JSON number, not the text "5".
        Assert.Equal(JsonValueKind.Number, sixth.Body!["limit"]!.GetValueKind());
        Assert.Equal(5, sixth.Body["limit"]!.GetValue<int>());
        Assert.Equal("10", pack.Body.Text("hostLimit"));
        Assert.Equal(HttpStatusCode.Created, sixthAgain.Status);
        var view = (await client.GetJsonAsync($"/api/accounts/{id}")).Body;
        Assert.Equal(6, view!["hosts"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_host_is_removed_once_and_a_bad_host_request_names_the_field()
    {
        using var client = _node.Client();
        var id = SharedNode.NewId("host-rm");
        await client.SignUpAsync(id);
        await client.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "pc-1", name = "Office PC" });

        var removed = await client.DeleteJsonAsync($"/api/accounts/{id}/hosts/pc-1");
        var again = await client.DeleteJsonAsync($"/api/accounts/{id}/hosts/pc-1");
        var noName = await client.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "pc-2" });
        var duplicate1 = await client.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "pc-3", name = "x" });
        var duplicate2 = await client.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "pc-3", name = "x" });

        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.Empty(removed.Body!["hosts"]!.AsArray());
        again.AssertProblem(HttpStatusCode.NotFound, "host-not-found");
        noName.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("name", noName.Body.Text("field"));
        Assert.Equal(HttpStatusCode.Created, duplicate1.Status);
        duplicate2.AssertProblem(HttpStatusCode.Conflict, "host-already-registered");
    }

    [Fact]
    public async Task A_device_is_registered_with_a_token_and_removed()
    {
        using var client = _node.Client();
        var id = SharedNode.NewId("dev");
        await client.SignUpAsync(id);

        var phone = await client.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "iphone-1", platform = "ios", name = "My iPhone" });
        var badPlatform = await client.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "x", platform = "symbian", name = "Old" });
        var view = (await client.GetJsonAsync($"/api/accounts/{id}")).Body;
        var removed = await client.DeleteJsonAsync($"/api/accounts/{id}/devices/iphone-1");
        var unknown = await client.DeleteJsonAsync($"/api/accounts/{id}/devices/iphone-1");

        Assert.Equal(HttpStatusCode.Created, phone.Status);
        Assert.Equal("iphone-1", phone.Body.Text("deviceId"));
        Assert.StartsWith("dev.", phone.Body.Text("token"));
        badPlatform.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("platform", badPlatform.Body.Text("field"));
        Assert.Equal("ios", view!["devices"]![0]!["platform"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.Empty(removed.Body!["devices"]!.AsArray());
        unknown.AssertProblem(HttpStatusCode.NotFound, "device-not-found");
    }
}
