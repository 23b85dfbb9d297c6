using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ActorSubs.Node.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorSubs.Node.Tests.Payments;

/// <summary>How the fake provider answers one charge.</summary>
public enum ProviderAnswer
{
    /// <summary>201 with a transaction id; the same idempotency key always gets the same id (a real provider bills a key once).</summary>
    Charge,

    /// <summary>402 with a reason: the business decline of the charge contract.</summary>
    Decline,

    /// <summary>500: the provider is having a bad day.</summary>
    ServerError,

    /// <summary>Never answers (until the caller gives up): the client's timeout must end it.</summary>
    Hang,

    /// <summary>200 with a body that is not the contract's: unreadable.</summary>
    Garbage,
}

/// <summary>One charge as the fake received it.</summary>
public sealed record ReceivedCharge(string Path, string? IdempotencyKey, string? Authorization, JsonNode? Body, ProviderAnswer Answer);

/// <summary>
/// A payment provider's charge API (<see cref="ProviderChargeContract"/>) on loopback Kestrel, serving both providers
/// under their own path (<c>/cleverbridge/charges</c>, <c>/google-play/charges</c>). The test scripts the answers per
/// account (<see cref="Script"/>), so specs sharing one fake never take each other's; every request is recorded, and
/// <see cref="BilledKeys"/> holds the idempotency keys it actually charged.
/// </summary>
public sealed class FakeChargeProvider : IAsyncDisposable
{
    public const string CleverbridgeApiKey = "cleverbridge-api-key-0001";
    public const string GooglePlayAccessToken = "google-play-access-token-0001";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (ConcurrentQueue<ProviderAnswer> First, ProviderAnswer Otherwise)> _scripts =
        new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _billed = new(StringComparer.Ordinal);

    private FakeChargeProvider(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedCharge> Received { get; } = new();

    /// <summary>Idempotency keys billed, each once whatever the number of tries.</summary>
    public IReadOnlyCollection<string> BilledKeys => _billed.Keys.ToArray();

    /// <summary>Without a trailing slash on purpose: the client must keep the base path.</summary>
    public string CleverbridgeUrl => _app.Urls.First() + "/cleverbridge";

    public string GooglePlayUrl => _app.Urls.First() + "/google-play";

    /// <summary>Settings that point a node's HTTP payment channels here.</summary>
    public Dictionary<string, string?> NodeSettings(TimeSpan timeout) => new()
    {
        ["ActorSubs:Payments:Provider"] = "Http",
        ["ActorSubs:Payments:Cleverbridge:BaseUrl"] = CleverbridgeUrl,
        ["ActorSubs:Payments:Cleverbridge:ApiKey"] = CleverbridgeApiKey,
        ["ActorSubs:Payments:Cleverbridge:Timeout"] = timeout.ToString(),
        ["ActorSubs:Payments:GooglePlay:BaseUrl"] = GooglePlayUrl,
        ["ActorSubs:Payments:GooglePlay:AccessToken"] = GooglePlayAccessToken,
        ["ActorSubs:Payments:GooglePlay:Timeout"] = timeout.ToString(),
    };

    public static async Task<FakeChargeProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeChargeProvider(app);
        app.MapPost("/{provider}/" + ProviderChargeContract.ChargePath, (HttpContext http, string provider) => fake.AnswerAsync(http));
        await app.StartAsync();
        return fake;
    }

    /// <summary>The account's charges get <paramref name="first"/> in order, then <paramref name="otherwise"/>; unscripted accounts are charged.</summary>
    public void Script(string accountId, ProviderAnswer otherwise, params ProviderAnswer[] first) =>
        _scripts[accountId] = (new ConcurrentQueue<ProviderAnswer>(first), otherwise);

    public IReadOnlyList<ReceivedCharge> ReceivedFor(string accountId) =>
        Received.Where(r => r.Body?["accountId"]?.GetValue<string>() == accountId).ToList();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> AnswerAsync(HttpContext http)
    {
        var key = http.Request.Headers[ProviderChargeContract.IdempotencyKeyHeader].FirstOrDefault();
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var answer = _scripts.TryGetValue(body?["accountId"]?.GetValue<string>() ?? "", out var script)
            ? script.First.TryDequeue(out var next) ? next : script.Otherwise
            : ProviderAnswer.Charge;
        Received.Enqueue(new ReceivedCharge(http.Request.Path.Value!, key, http.Request.Headers.Authorization.FirstOrDefault(), body, answer));
        switch (answer)
        {
            case ProviderAnswer.Decline:
                return Results.Json(new { reason = "card expired" }, statusCode: StatusCodes.Status402PaymentRequired);
            case ProviderAnswer.ServerError:
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            case ProviderAnswer.Hang:
                using (var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted,
                           http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping))
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
                return Results.StatusCode(StatusCodes.Status504GatewayTimeout);
            case ProviderAnswer.Garbage:
                return Results.Text("<html>maintenance</html>", "text/html");
            default:
                var transactionId = _billed.GetOrAdd(key ?? "", k => $"tx-{_billed.Count + 1}-{k}");
                return Results.Json(new { transactionId }, statusCode: StatusCodes.Status201Created);
        }
    }
}
