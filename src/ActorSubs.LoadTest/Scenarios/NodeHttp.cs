using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActorSubs.LoadTest.Measurement;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>
/// The one <see cref="HttpClient"/> a scenario uses to talk to a node (or to a cluster's nodes, in turn, as a load
/// balancer would), and the reading of its answers: a 2xx is drained, anything else becomes an <see cref="ErrorKey"/>
/// from the problem's <c>code</c>.
/// </summary>
public sealed class NodeHttp : IDisposable
{
    private const int MaxProblemBytes = 16 * 1024;

    private readonly HttpClient _client;
    private readonly IReadOnlyList<Uri> _targets;
    private int _next = -1;

    public NodeHttp(IReadOnlyList<Uri> targets, string operatorKey, int connections, TimeSpan requestTimeout)
    {
        _targets = targets.Count > 0 ? targets : throw new ArgumentException("at least one target", nameof(targets));
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections, // per node
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        _client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = requestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
        };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
    }

    public IReadOnlyList<Uri> Targets => _targets;

    /// <summary>The targets as the reports name them.</summary>
    public string TargetText => string.Join(",", _targets);

    /// <summary>Round robin over the targets, one request each.</summary>
    private Uri Next(string path) => new(_targets[(int)((uint)Interlocked.Increment(ref _next) % (uint)_targets.Count)], path);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellation) =>
        _client.GetAsync(Next(path), HttpCompletionOption.ResponseContentRead, cancellation);

    /// <summary>A GET to one named target, outside the round robin (a readiness check of each node).</summary>
    public Task<HttpResponseMessage> GetAsync(Uri target, string path, CancellationToken cancellation) =>
        _client.GetAsync(new Uri(target, path), HttpCompletionOption.ResponseContentRead, cancellation);

    /// <summary>Sends a POST and reads the whole answer; transport failures and timeouts become outcomes too.</summary>
    public async Task<Outcome> PostAsync(string path, string json, CancellationToken cancellation)
    {
        try
        {
            using var content = Json(json);
            using var response = await _client.PostAsync(Next(path), content, cancellation);
            return await ReadOutcomeAsync(response, cancellation);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return Outcome.Failed(new ErrorKey(0, "timeout"), $"no answer within {_client.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            var code = e.HttpRequestError == HttpRequestError.Unknown ? "transport-error" : "transport-" + Kebab(e.HttpRequestError.ToString());
            return Outcome.Failed(new ErrorKey(0, code), e.Message);
        }
    }

    private static async Task<Outcome> ReadOutcomeAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            // Drain so the connection is reused; the answer (the account view) is not needed.
            await using var stream = await response.Content.ReadAsStreamAsync(cancellation);
            await stream.CopyToAsync(Stream.Null, cancellation);
            return Outcome.Success;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellation);
        var (code, detail) = ReadProblem(body);
        return Outcome.Failed(new ErrorKey(status, code), detail);
    }

    /// <summary>The <c>code</c> and <c>detail</c> of an RFC 9457 problem, or "(no code)" for any other body.</summary>
    public static (string Code, string? Detail) ReadProblem(byte[] body)
    {
        if (body.Length == 0) return ("(empty body)", null);
        try
        {
            using var document = JsonDocument.Parse(body.AsMemory(0, Math.Min(body.Length, MaxProblemBytes)));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ("(no code)", Truncate(Encoding.UTF8.GetString(body)));
            var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "(no code)";
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return (code, detail);
        }
        catch (JsonException)
        {
            return ("(not json)", Truncate(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300))));
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    public void Dispose() => _client.Dispose();
}
