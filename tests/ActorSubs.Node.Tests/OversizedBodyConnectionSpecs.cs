using System.Net.Sockets;
using System.Text;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

/// <summary>
/// A request that announces a body over <c>MaxBodyBytes</c> is answered without its body being read, and Kestrel aborts
/// the connection rather than drain it. The answer must therefore say <c>Connection: close</c>; before it did, a client
/// reused the connection and its next request got no answer (found by the HTTP fuzz, Fuzz/HttpRouteFuzzSpecs). Sent over
/// a raw socket, headers only, so the answer is read whatever the server does with the rest of the connection.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class OversizedBodyConnectionSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Theory]
    [InlineData(TestNode.OperatorKey, "413")]
    [InlineData("wrong-key-0123456789", "403")]
    [InlineData(null, "401")]
    public async Task The_answer_to_a_request_announcing_a_body_over_the_limit_closes_the_connection(string? bearer, string status)
    {
        var accountId = SharedNode.NewId("oversized");
        using (var operatorClient = _node.Client()) await operatorClient.SignUpAsync(accountId);

        var answer = await AnswerToHeadersOnlyAsync(
            // An admin route: the operator key gets the 413, another key the 403 and none the 401, all before the body.
            $"PUT /api/admin/accounts/{accountId}/subscription HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
            (bearer is null ? "" : $"Authorization: Bearer {bearer}\r\n") + $"Content-Length: {70 * 1024}\r\n\r\n");

        Assert.True(answer.StartsWith($"HTTP/1.1 {status}", StringComparison.Ordinal), answer);
        Assert.Contains("\r\nConnection: close\r\n", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_request_with_a_body_within_the_limit_keeps_the_connection_open()
    {
        var answer = await AnswerToHeadersOnlyAsync(
            $"POST /api/accounts/{SharedNode.NewId("within")}/licence-packs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
            "Content-Length: 2\r\n\r\n{}");

        Assert.StartsWith("HTTP/1.1 401", answer);
        Assert.DoesNotContain("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The status line and headers of the answer (the body is not needed).</summary>
    private async Task<string> AnswerToHeadersOnlyAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_node.BaseAddress.Host, _node.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var text = received.ToString();
        return text[..(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 2)];
    }
}
