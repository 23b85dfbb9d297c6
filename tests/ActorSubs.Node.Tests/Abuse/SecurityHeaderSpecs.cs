using System.Net;
using System.Net.WebSockets;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Abuse;

/// <summary>
/// docs/api.md, Security headers: every answer carries nosniff, no-referrer, DENY framing and the content security policy,
/// whatever wrote it (a route, a problem, the framework, a refused socket upgrade); API answers and problems also
/// carry Cache-Control no-store.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class SecurityHeaderSpecs(SharedNode shared)
{
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
                                  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task An_API_answer_carries_the_security_headers_and_no_store()
    {
        using var client = _node.Client();
        var id = SharedNode.NewId("hdr");
        await client.SignUpAsync(id);

        var answer = await Answer.SendAsync(client, HttpMethod.Get, $"/api/accounts/{id}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        AssertSecurityHeaders(answer.Response.Headers);
        AssertNoStore(answer.Response);
    }

    [Theory]
    [InlineData("/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("/api/accounts/alice", HttpStatusCode.Unauthorized)]
    public async Task A_problem_carries_the_security_headers_and_no_store(string path, HttpStatusCode status)
    {
        using var client = _node.Client(bearer: null);

        var answer = await Answer.SendAsync(client, HttpMethod.Get, path);

        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(answer.Response.Headers);
        AssertNoStore(answer.Response);
    }

    [Fact]
    public async Task An_answer_outside_the_API_carries_the_security_headers()
    {
        using var client = _node.Client(bearer: null);

        var answer = await Answer.SendAsync(client, HttpMethod.Get, "/healthz/live");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        AssertSecurityHeaders(answer.Response.Headers);
    }

    [Fact]
    public async Task A_refused_WebSocket_upgrade_carries_the_security_headers()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer dev.bm9ib2R5.cGhvbmU.s_forged");
        var uri = new UriBuilder(_node.BaseAddress) { Scheme = "ws", Path = "/ws/device" }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        var headers = socket.HttpResponseHeaders!;
        Assert.Equal("nosniff", Single(headers, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Single(headers, "Referrer-Policy"));
        Assert.Equal("DENY", Single(headers, "X-Frame-Options"));
        Assert.Equal(Policy, Single(headers, "Content-Security-Policy"));
        Assert.Equal("no-store", Single(headers, "Cache-Control"));
    }

    private static void AssertSecurityHeaders(System.Net.Http.Headers.HttpResponseHeaders headers)
    {
        Assert.Equal("nosniff", Assert.Single(headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(headers.GetValues("X-Frame-Options")));
        Assert.Equal(Policy, Assert.Single(headers.GetValues("Content-Security-Policy")));
    }

    private static void AssertNoStore(HttpResponseMessage response) =>
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"Cache-Control is '{response.Headers.CacheControl}', not no-store");

    private static string Single(IReadOnlyDictionary<string, IEnumerable<string>> headers, string name) =>
        Assert.Single(headers.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value);
}
