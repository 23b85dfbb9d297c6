using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorSubs.Node.Tests.Stores;

/// <summary>
/// The Google Play Developer API's <c>subscriptionsv2.get</c> on loopback (real Kestrel): it answers the subscriptions the
/// test put in it, 404 for unknown tokens, 401 without the expected bearer token, and can be told to fail or stall.
/// </summary>
public sealed class FakePlayDeveloperApi : IAsyncDisposable
{
    public const string AccessToken = "play-access-token-0001";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, object> _subscriptions = new();

    private FakePlayDeveloperApi(WebApplication app) => _app = app;

    public Uri BaseUrl => new(_app.Urls.First() + "/");

    /// <summary>The paths asked for, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>When set, every request is answered with this status.</summary>
    public int? FailWith { get; set; }

    /// <summary>When set, every request waits this long before it is answered.</summary>
    public TimeSpan? Stall { get; set; }

    public static async Task<FakePlayDeveloperApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakePlayDeveloperApi(app);
        app.MapGet("/androidpublisher/v3/applications/{package}/purchases/subscriptionsv2/tokens/{token}",
            (HttpContext http, string package, string token) => fake.AnswerAsync(http, package, token));
        await app.StartAsync();
        return fake;
    }

    public void Put(string packageName, string purchaseToken, object subscription) => _subscriptions[$"{packageName}/{purchaseToken}"] = subscription;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> AnswerAsync(HttpContext http, string package, string token)
    {
        Requests.Enqueue(http.Request.Path.Value!);
        if (Stall is { } stall) await Task.Delay(stall, http.RequestAborted);
        if (FailWith is { } status) return Results.StatusCode(status);
        if (http.Request.Headers.Authorization != $"Bearer {AccessToken}") return Results.StatusCode(StatusCodes.Status401Unauthorized);
        return _subscriptions.TryGetValue($"{package}/{token}", out var subscription)
            ? Results.Json(subscription, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            : Results.NotFound();
    }
}
