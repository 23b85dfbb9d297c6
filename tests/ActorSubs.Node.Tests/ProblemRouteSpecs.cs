using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

/// <summary>
/// docs/api.md, Problems: every refusal, the framework's own included, is application/problem+json with a stable
/// <c>code</c>, a detail and the request's path as <c>instance</c>, whatever the client's Accept header asks for.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class ProblemRouteSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Theory]
    [InlineData("GET", "/no-such-route", null, null, 404, "not-found")]
    [InlineData("GET", "/api/accounts/alice/no-such-thing", null, null, 404, "not-found")]
    [InlineData("DELETE", "/api/accounts", null, null, 405, "method-not-allowed")]
    [InlineData("GET", "/api/admin/accounts/alice/subscription", null, null, 405, "method-not-allowed")]
    [InlineData("POST", "/api/accounts", "text/plain", "accountId=alice", 415, "unsupported-media-type")]
    [InlineData("POST", "/api/accounts", "application/json", "{\"accountId\": ", 400, "malformed-json")]
    public async Task A_framework_or_body_refusal_is_a_problem_with_its_code(
        string method, string path, string? contentType, string? body, int status, string code)
    {
        foreach (var accept in new[] { null, "text/html" })
        {
            using var client = _node.Client();
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType!);

            using var response = await client.SendAsync(request);
            var problem = await ProblemOf(response, status, code);

            Assert.Equal(path, problem.Text("instance"));
            Assert.Equal("about:blank", problem.Text("type"));
            Assert.False(string.IsNullOrEmpty(problem.Text("title")));
        }
    }

    [Fact]
    public async Task A_wrong_method_names_the_methods_the_route_takes()
    {
        using var client = _node.Client();

        using var response = await client.DeleteAsync("/api/accounts");
        var problem = await ProblemOf(response, 405, "method-not-allowed");

        Assert.Contains("POST", problem.Text("detail"));
    }

    [Fact]
    public async Task Routing_refuses_a_body_that_is_not_json_before_the_credential_is_asked_for()
    {
        using var anonymous = _node.Client(bearer: null);
        using var content = new StringContent("plan=monthly", Encoding.UTF8, "text/plain");

        using var response = await anonymous.PostAsync($"/api/accounts/{SharedNode.NewId("media")}/purchases", content);

        await ProblemOf(response, 415, "unsupported-media-type");
    }

    [Fact]
    public async Task A_body_over_the_limit_sent_without_a_length_is_a_413_problem()
    {
        using var client = _node.Client();
        var json = $$"""{"accountId":"chunked","email":"a@example.com","padding":"{{new string('x', 70 * 1024)}}"}""";
        // Content of unknown length goes out chunked: Kestrel's body limit, not the Content-Length check, stops it.
        using var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/api/accounts", content);

        Assert.Null(content.Headers.ContentLength);
        await ProblemOf(response, 413, "payload-too-large");
    }

    [Fact]
    public async Task A_body_kestrel_cannot_read_is_a_400_bad_request_problem()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_node.BaseAddress.Host, _node.BaseAddress.Port);
        var stream = tcp.GetStream();
        var request = "POST /api/accounts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
                      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nnot-a-chunk-size\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var answer = await reader.ReadToEndAsync(timeout.Token);

        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
        var problem = JsonNode.Parse(answer[answer.IndexOf('{')..(answer.LastIndexOf('}') + 1)]);
        Assert.Equal("bad-request", problem.Text("code"));
        Assert.Equal(400, problem!["status"]!.GetValue<int>());
    }

    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Asserts the answer is a problem document with this status and code, and returns it.</summary>
    private static async Task<JsonNode> ProblemOf(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(code, problem.Text("code"));
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem.Text("detail")), text);
        return problem;
    }
}
