using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Measurement;

namespace ActorSubs.LoadTest;

/// <summary>The answer to one HTTP request: status 0 when there was none (<see cref="Failure"/> says why).</summary>
public readonly record struct ApiAnswer(int Status, byte[] Body, TimeSpan Elapsed, string? Failure, string? FailureDetail = null)
{
    private const int MaxProblemBytes = 16 * 1024;

    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The status and the problem's <c>code</c> ("409 renewal-not-open"), or "timeout", "transport-…": short and stable.</summary>
    public ErrorKey Error => Status == 0 ? new ErrorKey(0, Failure ?? "no-answer") : new ErrorKey(Status, Problem().Code);

    public Outcome Outcome => Ok ? Outcome.Success : Outcome.Failed(Error, Status == 0 ? FailureDetail : Problem().Detail);

    public string Describe() => Outcome.Detail is { } detail ? $"{Error}: {detail}" : Error.ToString();

    public JsonDocument Json() => JsonDocument.Parse(Body);

    /// <summary>The <c>code</c> and <c>detail</c> of an RFC 9457 problem, or "(no code)" for any other body.</summary>
    private (string Code, string? Detail) Problem()
    {
        if (Body.Length == 0) return ("(empty body)", null);
        try
        {
            using var document = JsonDocument.Parse(Body.AsMemory(0, Math.Min(Body.Length, MaxProblemBytes)));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ("(no code)", Text());
            var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "(no code)";
            return (code, root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null);
        }
        catch (JsonException)
        {
            return ("(not json)", Text());
        }
    }

    private string Text() => Body.Length <= 300 ? Encoding.UTF8.GetString(Body) : Encoding.UTF8.GetString(Body, 0, 300) + "…";
}

/// <summary>What a batch of requests came to: counts, failures by <see cref="ApiAnswer.Error"/>, the first failure in full.</summary>
public sealed record BulkResult(int Ok, int Failed, TimeSpan Elapsed, IReadOnlyDictionary<string, int> Failures, string? FirstFailure)
{
    public string DescribeFailures() => string.Join(", ", Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} ×{f.Value}"));

    /// <summary>Setting up a run cannot go on after a failed request: its requests would only fail too.</summary>
    public void ThrowIfFailed(string what)
    {
        if (Failed > 0) throw new RunFailedException($"{what} failed: {FirstFailure} (is --operator-key the node's ActorSubs:Admin:ApiKey?)");
    }
}

/// <summary>
/// The one HTTP client of the load tester, for every scenario's requests to a node or to a cluster's nodes: the
/// operator key on every request, requests spread round robin over the targets (as a load balancer would; any node
/// serves any account), a pool of connections per target, and every answer or failure turned into an <see cref="ApiAnswer"/>.
/// </summary>
public sealed class NodeClient : IDisposable
{
    private readonly HttpClient _client;
    private int _next = -1;

    /// <param name="operatorKey">sent on every request; null for a client that speaks for an outside party (a store) and carries no key</param>
    public NodeClient(IReadOnlyList<Uri> targets, string? operatorKey, int connectionsPerTarget, TimeSpan requestTimeout)
    {
        Targets = targets.Count > 0 ? targets : throw new ArgumentException("at least one target", nameof(targets));
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connectionsPerTarget,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = requestTimeout, DefaultRequestVersion = HttpVersion.Version11 };
        if (operatorKey is not null) _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
    }

    public IReadOnlyList<Uri> Targets { get; }

    /// <summary>The targets as the reports name them.</summary>
    public string TargetText => string.Join(",", Targets.Select(t => t.ToString().TrimEnd('/')));

    public Task<ApiAnswer> PostAsync(string path, object body, CancellationToken cancellation) => SendAsync(HttpMethod.Post, path, body, cancellation);

    public Task<ApiAnswer> PutAsync(string path, object body, CancellationToken cancellation) => SendAsync(HttpMethod.Put, path, body, cancellation);

    public Task<ApiAnswer> DeleteAsync(string path, CancellationToken cancellation) => SendAsync(HttpMethod.Delete, path, null, cancellation);

    /// <summary>A GET on one particular target (readiness, metrics), outside the round robin.</summary>
    public Task<ApiAnswer> GetAsync(int target, string path, CancellationToken cancellation) =>
        SendAsync(Targets[target], HttpMethod.Get, path, null, cancellation);

    public Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellation) =>
        SendAsync(Targets[(int)((uint)Interlocked.Increment(ref _next) % (uint)Targets.Count)], method, path, body, cancellation);

    private async Task<ApiAnswer> SendAsync(Uri target, HttpMethod method, string path, object? body, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(target, path));
            if (body is not null)
                request.Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellation);
            return new ApiAnswer((int)response.StatusCode, bytes, clock.Elapsed, null);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new ApiAnswer(0, [], clock.Elapsed, "timeout", $"no answer within {_client.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            var code = e.HttpRequestError == HttpRequestError.Unknown ? "transport-error" : "transport-" + Shared.Kebab(e.HttpRequestError.ToString());
            return new ApiAnswer(0, [], clock.Elapsed, code, e.Message);
        }
    }

    /// <summary>One request per item, <paramref name="concurrency"/> at a time; no new ones after a failure when <paramref name="stopOnFailure"/>.</summary>
    public async Task<BulkResult> SendAllAsync<T>(int concurrency, IReadOnlyList<T> items, Func<T, Task<ApiAnswer>> request, bool stopOnFailure,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        int ok = 0, failed = 0;
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        string? first = null;
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellation },
            async (item, _) =>
            {
                if (stopOnFailure && Volatile.Read(ref failed) > 0) return;
                var answer = await request(item);
                if (answer.Ok)
                {
                    Interlocked.Increment(ref ok);
                    return;
                }
                Interlocked.Increment(ref failed);
                failures.AddOrUpdate(answer.Error.ToString(), 1, (_, n) => n + 1);
                Interlocked.CompareExchange(ref first, answer.Describe(), null);
            });
        return new BulkResult(ok, failed, clock.Elapsed, new Dictionary<string, int>(failures), first);
    }

    /// <summary>Every target must answer <c>/healthz/ready</c> with 2xx, or the run cannot start.</summary>
    public async Task CheckReadyAsync(CancellationToken cancellation)
    {
        for (var i = 0; i < Targets.Count; i++)
        {
            var answer = await GetAsync(i, "/healthz/ready", cancellation);
            if (!answer.Ok)
                throw new RunFailedException(answer.Status == 0
                    ? $"cannot reach {Targets[i]}: {answer.Describe()}"
                    : $"{Targets[i]}healthz/ready answered {answer.Status}: the node is not ready.");
        }
    }

    public void Dispose() => _client.Dispose();
}
