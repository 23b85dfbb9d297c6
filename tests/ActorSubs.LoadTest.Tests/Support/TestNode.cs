using System.Net.Http.Headers;
using ActorSubs.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorSubs.LoadTest.Tests.Support;

/// <summary>
/// A real node in this process for the load generator to load: Kestrel on 127.0.0.1 (a free port), Akka
/// remoting on a free port, a SQLite journal in a temp folder of its own (deleted on dispose).
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string OperatorKey = "loadtest-operator-key-0123456789";

    private readonly WebApplication _app;
    private readonly string _folder;

    private TestNode(WebApplication app, Uri baseAddress, string folder)
    {
        _app = app;
        BaseAddress = baseAddress;
        _folder = folder;
    }

    public Uri BaseAddress { get; }

    /// <summary>The node's URL as the load generator's <c>--target</c> takes it.</summary>
    public string Target => BaseAddress.ToString().TrimEnd('/');

    public static async Task<TestNode> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "actorsubs-loadtest-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
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
            ["ActorSubs:Persistence:Provider"] = "Sqlite",
            ["ActorSubs:Persistence:ConnectionString"] = $"Data Source={Path.Combine(folder, "journal.db")}",
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
        var node = new TestNode(app, new Uri(app.Urls.Single()), folder);
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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a file still open by a finishing node; the temp folder is cleaned later */ }
    }
}
