using System.Net.Http.Headers;
using ActorSubs.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorSubs.Testing;

/// <summary>
/// A real node in the test's process, built by the same two calls as <c>Program.cs</c>: Kestrel on 127.0.0.1 (a free
/// port), Akka remoting on a free port, a real journal. Stopping and starting a node on the same database is how the
/// tests restart it; a node started without a database gets a SQLite file of its own, removed with it.
/// </summary>
public sealed class TestNode : IAsyncDisposable, INodeAddress
{
    public const string OperatorKey = TestKeys.Operator;

    private readonly WebApplication _app;
    private readonly TestDatabase? _ownDatabase;

    private TestNode(WebApplication app, Uri baseAddress, TestDatabase? ownDatabase)
    {
        _app = app;
        BaseAddress = baseAddress;
        _ownDatabase = ownDatabase;
    }

    public Uri BaseAddress { get; }

    /// <summary>The node's URL as the load generator's <c>--target</c> takes it.</summary>
    public string Target => BaseAddress.ToString().TrimEnd('/');

    public IServiceProvider Services => _app.Services;

    /// <summary>A node on a SQLite file of its own, deleted when the node is disposed.</summary>
    public static async Task<TestNode> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var database = TestDatabase.Sqlite();
        try
        {
            return await StartAsync(database, settings, ownDatabase: database);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>A node on <paramref name="database"/>, which the caller keeps (to restart on it) and disposes.</summary>
    public static Task<TestNode> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null) =>
        StartAsync(database, settings, ownDatabase: null);

    private static async Task<TestNode> StartAsync(TestDatabase database, IDictionary<string, string?>? settings, TestDatabase? ownDatabase)
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
            // Not Development: the node wants its payment channels named. A spec that charges a fake provider overrides it.
            ["ActorSubs:Payments:Provider"] = "Simulated",
            ["ActorSubs:Persistence:Provider"] = database.Provider,
            ["ActorSubs:Persistence:ConnectionString"] = database.ConnectionString,
            [TestKeys.FailedAuthenticationLimitKey] = TestKeys.FailedAuthenticationLimit,
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
        var node = new TestNode(app, new Uri(app.Urls.Single()), ownDatabase);
        try
        {
            await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await app.StopAsync();
            await app.DisposeAsync();
            throw;
        }
        return node;
    }

    public HttpClient Client(string? bearer = OperatorKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var client = Client(bearer: null);
        var deadline = DateTime.UtcNow + within;
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
        _ownDatabase?.Dispose();
    }
}
