using ActorSubs.Testing;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorSubs.Node.Tests.Support;

/// <summary>
/// A real node in this process: Kestrel on 127.0.0.1 (a free port), Akka remoting on a free port, a real
/// journal. Stopping and starting a node on the same database is how the tests restart it.
/// </summary>
public sealed class TestNode : IAsyncDisposable, INodeAddress
{
    public const string OperatorKey = TestKeys.Operator;

    private readonly WebApplication _app;

    private TestNode(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestNode> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var config = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ActorSubs:Cluster:Port"] = "0",
            ["ActorSubs:Admin:ApiKey"] = OperatorKey,
            ["ActorSubs:Persistence:Provider"] = database.Provider,
            ["ActorSubs:Persistence:ConnectionString"] = database.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);

        builder.AddActorSubsNode();
        var app = builder.Build();
        app.UseActorSubsNode();
        await app.StartAsync();
        var node = new TestNode(app, new Uri(app.Urls.Single()));
        await node.WaitUntilReadyAsync();
        return node;
    }

    public HttpClient Client(string? bearer = OperatorKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = Client(bearer: null);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await client.GetAsync("/healthz/ready");
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"node at {BaseAddress} not ready: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
