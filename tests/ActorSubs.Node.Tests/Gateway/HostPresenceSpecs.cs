using System.Net.Sockets;
using System.Text;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Gateway;

/// <summary>docs/protocol.md, host agent socket: a connected agent marks its host online in the account view.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class HostPresenceSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task A_host_is_online_while_its_agent_is_connected_and_offline_after_it_disconnects()
    {
        using var account = await TestAccount.SignUpAsync(_node, "online");
        var token = await account.AddHostAsync("mac");
        await account.AddHostAsync("pc");
        Assert.Equal("false", (await account.HostAsync("mac")).Text("online"));

        await using (var agent = await WsClient.ConnectAsync(_node, "/ws/host", token))
        {
            await agent.ReceiveTypeAsync("welcome");
            await Eventually.AsyncValue(() => account.HostAsync("mac"), h => h.Text("online") == "true", TimeSpan.FromSeconds(5),
                "mac online");
            Assert.Equal("false", (await account.HostAsync("pc")).Text("online"));
        }

        await Eventually.AsyncValue(() => account.HostAsync("mac"), h => h.Text("online") == "false", TimeSpan.FromSeconds(5),
            "mac offline after its agent disconnected");
    }

    [Fact]
    public async Task Removing_a_host_closes_its_agent_with_4003_and_its_token_is_then_refused()
    {
        using var account = await TestAccount.SignUpAsync(_node, "rmhost");
        var token = await account.AddHostAsync("mac");
        await using var agent = await WsClient.ConnectAsync(_node, "/ws/host", token);
        await agent.ReceiveTypeAsync("welcome");

        var (status, _) = await account.Client.DeleteJsonAsync($"/api/accounts/{account.Id}/hosts/mac");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);

        var (code, _) = await agent.ReceiveCloseAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4003, code);
        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/host", token));
    }

    [Fact]
    public async Task A_host_agent_that_drops_its_connection_during_the_handshake_is_not_left_online()
    {
        using var account = await TestAccount.SignUpAsync(_node, "dropped");
        var token = await account.AddHostAsync("mac");

        // Agents on a bad network: the upgrade request goes out, then the connection is reset at once (a few times,
        // at slightly different moments, to land inside the handshake).
        for (var i = 0; i < 50; i++)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", _node.BaseAddress.Port);
            var request = "GET /ws/host HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                          $"Authorization: Bearer {token}\r\n\r\n";
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request));
            tcp.Client.LingerState = new LingerOption(true, 0);
            tcp.Client.Close();
            await Task.Delay(i % 5);
        }

        await Eventually.AsyncValue(() => account.HostAsync("mac"), h => h.Text("online") == "false", TimeSpan.FromSeconds(5),
            "mac offline once its half-open connections are gone");
        // And it can still connect for real.
        await using var agent = await WsClient.ConnectAsync(_node, "/ws/host", token);
        await agent.ReceiveTypeAsync("welcome");
        Assert.Equal("true", (await account.HostAsync("mac")).Text("online"));
    }
}
