using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Scenarios;

namespace ActorSubs.LoadTest.Fleet;

/// <summary>The answer to one HTTP request: status 0 when there was none (transport error or timeout).</summary>
public readonly record struct ApiAnswer(int Status, byte[] Body, TimeSpan Elapsed, string? Failure)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>"http-409 renewal-not-open", "timeout", "transport-error": short and stable, for counters and messages.</summary>
    public string Reason
    {
        get
        {
            if (Status == 0) return Failure ?? "no-answer";
            var (code, _) = NodeHttp.ReadProblem(Body);
            return $"http-{Status} {code}";
        }
    }

    public string Describe()
    {
        if (Status == 0) return $"{Failure}";
        var (code, detail) = NodeHttp.ReadProblem(Body);
        return $"{Status} {code}" + (detail is null ? "" : $": {detail}");
    }

    public JsonDocument Json() => JsonDocument.Parse(Body);
}

/// <summary>
/// The operator's HTTP client for provisioning and adjustments: one connection pool per target, the operator key
/// on every request, requests spread round-robin over the targets (any node of a cluster serves any account).
/// </summary>
public sealed class AdminApi : IDisposable
{
    private readonly HttpClient[] _clients;
    private long _next;

    public AdminApi(IReadOnlyList<Uri> targets, string operatorKey, int connectionsPerTarget, TimeSpan requestTimeout)
    {
        Targets = targets;
        _clients = targets.Select(target =>
        {
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = connectionsPerTarget,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
                UseProxy = false,
            };
            var client = new HttpClient(handler, disposeHandler: true)
            {
                BaseAddress = target,
                Timeout = requestTimeout,
                DefaultRequestVersion = HttpVersion.Version11,
            };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
            return client;
        }).ToArray();
    }

    public IReadOnlyList<Uri> Targets { get; }

    public Task<ApiAnswer> PostAsync(string path, object body, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Post, path, body, cancellation);

    public Task<ApiAnswer> PutAsync(string path, object body, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Put, path, body, cancellation);

    public Task<ApiAnswer> DeleteAsync(string path, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Delete, path, null, cancellation);

    /// <summary>A GET on one particular target (readiness, metrics), not round-robin.</summary>
    public Task<ApiAnswer> GetAsync(int target, string path, CancellationToken cancellation) =>
        SendAsync(_clients[target], HttpMethod.Get, path, null, cancellation);

    public Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellation)
    {
        var client = _clients[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_clients.Length)];
        return SendAsync(client, method, path, body, cancellation);
    }

    private static async Task<ApiAnswer> SendAsync(HttpClient client, HttpMethod method, string path, object? body,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
                request.Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellation);
            return new ApiAnswer((int)response.StatusCode, bytes, clock.Elapsed, null);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new ApiAnswer(0, [], clock.Elapsed, "timeout");
        }
        catch (HttpRequestException e)
        {
            var reason = e.HttpRequestError == HttpRequestError.ConnectionError ? "refused" : "transport-error";
            return new ApiAnswer(0, [], clock.Elapsed, $"{reason} ({e.Message})");
        }
    }

    /// <summary>Every target must answer <c>/healthz/ready</c> with 2xx, or the run cannot start.</summary>
    public async Task CheckReadyAsync(CancellationToken cancellation)
    {
        for (var i = 0; i < _clients.Length; i++)
        {
            var answer = await GetAsync(i, "/healthz/ready", cancellation);
            if (!answer.Ok)
                throw new RunFailedException(answer.Status == 0
                    ? $"cannot reach {Targets[i]}: {answer.Describe()}"
                    : $"{Targets[i]}healthz/ready answered {answer.Status}: the node is not ready.");
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }
}
