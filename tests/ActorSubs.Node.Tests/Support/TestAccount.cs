using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace ActorSubs.Node.Tests.Support;

/// <summary>
/// One account of a gateway scenario on a node (in-process or a separate process), driven with the operator
/// key, which every account route accepts. Each call asserts the route answered with success.
/// </summary>
public sealed class TestAccount : IDisposable
{
    private TestAccount(HttpClient client, string id)
    {
        Client = client;
        Id = id;
    }

    public HttpClient Client { get; }

    public string Id { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public static Task<TestAccount> SignUpAsync(TestNode node, string prefix) => SignUpAsync(node.Client(), prefix);

    public static async Task<TestAccount> SignUpAsync(HttpClient operatorClient, string prefix)
    {
        var id = SharedNode.NewId(prefix);
        await operatorClient.SignUpAsync(id);
        return new TestAccount(operatorClient, id);
    }

    /// <summary>Registers a device (ios, android or web) and returns its token.</summary>
    public async Task<string> AddDeviceAsync(string deviceId, string platform = "web")
    {
        var response = await Client.PostJsonAsync($"/api/accounts/{Id}/devices", new { deviceId, platform, name = deviceId });
        Assert.True(response.Status == HttpStatusCode.Created, $"device {deviceId}: {response.Status} {response.Body}");
        return response.Body.Text("token");
    }

    /// <summary>Registers a host and returns its agent's token.</summary>
    public async Task<string> AddHostAsync(string hostId)
    {
        var response = await Client.PostJsonAsync($"/api/accounts/{Id}/hosts", new { hostId, name = hostId });
        Assert.True(response.Status == HttpStatusCode.Created, $"host {hostId}: {response.Status} {response.Body}");
        return response.Body.Text("token");
    }

    public Task<JsonNode> RemoveDeviceAsync(string deviceId) => OkAsync(Client.DeleteJsonAsync($"/api/accounts/{Id}/devices/{deviceId}"));

    public Task<JsonNode> GetAsync() => OkAsync(Client.GetJsonAsync($"/api/accounts/{Id}"));

    public Task<JsonNode> NotificationsAsync() => OkAsync(Client.GetJsonAsync($"/api/accounts/{Id}/notifications"));

    public Task<JsonNode> PurchaseAsync(string plan, string channel, string? transactionId = null) =>
        OkAsync(Client.PostJsonAsync($"/api/accounts/{Id}/purchases",
            new { plan, channel, transactionId = transactionId ?? "tx-" + Guid.NewGuid().ToString("N") }));

    public Task<JsonNode> SetAutoRenewAsync(bool enabled) => OkAsync(Client.PutJsonAsync($"/api/accounts/{Id}/auto-renew", new { enabled }));

    public Task<JsonNode> BuyLicencePackAsync() =>
        OkAsync(Client.PostJsonAsync($"/api/accounts/{Id}/licence-packs", new { transactionId = "pack-" + Guid.NewGuid().ToString("N") }));

    /// <summary>The operator adjustment; <paramref name="expiresAt"/> is sent with millisecond precision, as the wire shows it.</summary>
    public Task<JsonNode> AdjustExpiryAsync(DateTimeOffset expiresAt, string? tier = null, string? plan = null) =>
        OkAsync(Client.PutJsonAsync($"/api/admin/accounts/{Id}/subscription", new { expiresAt = Wire(expiresAt), tier, plan }));

    /// <summary>The host entry of GET account.</summary>
    public async Task<JsonNode?> HostAsync(string hostId) =>
        (await GetAsync())["hosts"]!.AsArray().FirstOrDefault(h => h.Text("hostId") == hostId);

    /// <summary>The kept notification with this id, or null when no device is waiting for it any more.</summary>
    public async Task<JsonNode?> PendingNotificationAsync(string id) =>
        (await NotificationsAsync())["notifications"]!.AsArray().FirstOrDefault(n => n.Text("id") == id);

    /// <summary>A time as the wire writes it: UTC, milliseconds, 'Z'.</summary>
    public static string Wire(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Truncated to whole milliseconds, so what is sent is exactly what comes back.</summary>
    public static DateTimeOffset Ms(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, at.Offset);

    private static async Task<JsonNode> OkAsync(Task<(HttpStatusCode Status, JsonNode? Body)> call)
    {
        var (status, body) = await call;
        Assert.True(status == HttpStatusCode.OK, $"expected 200, got {(int)status}: {body}");
        return body!;
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>A node of its own (own SQLite journal) for a test whose configuration differs from the shared node.</summary>
public sealed class OwnNode : IAsyncDisposable
{
    private OwnNode(TestNode node) => Node = node;

    public TestNode Node { get; }

    public static async Task<OwnNode> StartAsync(IDictionary<string, string?> settings) => new(await TestNode.StartAsync(settings));

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
