using System.Net;
using System.Text.Json.Nodes;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Gateway;

/// <summary>docs/protocol.md: who may open /ws/device and /ws/host, and what ends a session from the account's side.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class ConnectionAndAuthSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task A_device_token_in_the_access_token_query_parameter_is_accepted()
    {
        using var account = await TestAccount.SignUpAsync(_node, "q");
        var token = await account.AddDeviceAsync("browser", "web");

        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token, inQuery: true);
        var welcome = await ws.ReceiveTypeAsync("welcome");

        Assert.Equal("trial", welcome.Text("subscription.tier"));
        Assert.False(string.IsNullOrEmpty(welcome.Text("sessionId")));
    }

    [Fact]
    public async Task A_host_token_in_the_access_token_query_parameter_is_accepted_on_the_host_socket()
    {
        using var account = await TestAccount.SignUpAsync(_node, "qh");
        var token = await account.AddHostAsync("mac");

        await using var ws = await WsClient.ConnectAsync(_node, "/ws/host", token, inQuery: true);
        var welcome = await ws.ReceiveTypeAsync("welcome");

        Assert.Equal("trial", welcome.Text("subscription.tier"));
    }

    [Fact]
    public async Task A_host_token_is_refused_on_the_device_socket_and_a_device_token_on_the_host_socket()
    {
        using var account = await TestAccount.SignUpAsync(_node, "kind");
        var deviceToken = await account.AddDeviceAsync("phone", "ios");
        var hostToken = await account.AddHostAsync("mac");

        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/device", hostToken));
        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/host", deviceToken));
        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/device", hostToken, inQuery: true));
        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/host", deviceToken, inQuery: true));
    }

    [Fact]
    public async Task A_token_whose_secret_was_tampered_with_is_refused_with_401()
    {
        using var account = await TestAccount.SignUpAsync(_node, "tamper");
        var token = await account.AddDeviceAsync("phone", "android");
        var tampered = token[..token.LastIndexOf('.')] + ".s_not-the-secret";

        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/device", tampered));
    }

    [Fact]
    public async Task Removing_a_device_closes_its_open_session_with_4003_and_its_token_is_then_refused_with_401()
    {
        using var account = await TestAccount.SignUpAsync(_node, "rm");
        var token = await account.AddDeviceAsync("tablet", "android");
        var otherToken = await account.AddDeviceAsync("phone", "ios");
        await using var ws = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await using var other = await WsClient.ConnectAsync(_node, "/ws/device", otherToken);
        await ws.ReceiveTypeAsync("welcome");
        await other.ReceiveTypeAsync("welcome");

        await account.RemoveDeviceAsync("tablet");

        var (code, _) = await ws.ReceiveCloseAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4003, code);
        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/device", token));
        Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, "/ws/device", token, inQuery: true));
        // The account's other device is untouched.
        await other.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, other.State);
    }

    [Fact]
    public async Task A_second_connection_of_the_same_device_replaces_the_first_which_is_closed_with_4003()
    {
        using var account = await TestAccount.SignUpAsync(_node, "twice");
        var token = await account.AddDeviceAsync("phone", "ios");
        await using var first = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await first.ReceiveTypeAsync("welcome");

        await using var second = await WsClient.ConnectAsync(_node, "/ws/device", token);
        await second.ReceiveTypeAsync("welcome");

        var (code, reason) = await first.ReceiveCloseAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4003, code);
        Assert.Contains("replaced", reason);
        await second.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }

    [Theory]
    [InlineData("/ws/device")]
    [InlineData("/ws/host")]
    public async Task A_plain_HTTP_GET_without_an_upgrade_is_a_400_websocket_required_problem(string path)
    {
        using var account = await TestAccount.SignUpAsync(_node, "plain");
        var token = path == "/ws/device" ? await account.AddDeviceAsync("phone", "ios") : await account.AddHostAsync("mac");
        using var client = _node.Client(token);

        var response = await client.GetJsonAsync(path);

        response.AssertProblem(HttpStatusCode.BadRequest, "websocket-required");
    }

    [Theory]
    [InlineData("/ws/device")]
    [InlineData("/ws/host")]
    public async Task Authentication_comes_first_so_a_plain_GET_without_a_token_is_a_401_problem(string path)
    {
        using var client = _node.Client(bearer: null);

        using var response = await client.GetAsync(path);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("unauthorized", problem.Text("code"));
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Neither_an_account_key_nor_the_operator_key_opens_a_socket_route()
    {
        using var operatorClient = _node.Client();
        var id = SharedNode.NewId("keyws");
        var accountKey = await operatorClient.SignUpAsync(id);
        await operatorClient.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "Phone" });
        await operatorClient.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "mac", name = "Mac" });

        foreach (var path in new[] { "/ws/device", "/ws/host" })
        foreach (var key in new[] { accountKey, TestNode.OperatorKey })
        {
            Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, path, key));
            Assert.Equal(401, await WsClient.RefusedStatusAsync(_node, path, key, inQuery: true));
            using var client = _node.Client(key);
            (await client.GetJsonAsync(path)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task A_connection_without_any_token_is_refused_with_401()
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(_node.BaseAddress) { Scheme = "ws", Path = "/ws/device" }.Uri;

        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }
}
