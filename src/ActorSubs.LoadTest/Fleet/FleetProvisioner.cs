using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ActorSubs.LoadTest.Cli;

namespace ActorSubs.LoadTest.Fleet;

/// <summary>
/// Creates the fleet through the HTTP API with the operator key (accounts, then their devices and hosts, a bounded
/// number of requests at a time), reuses a fleet file of the same shape, adjusts subscriptions in bulk and removes
/// the devices and hosts again on <c>--cleanup</c>.
/// </summary>
public sealed class FleetProvisioner(NodeClient api, int concurrency, TextWriter output)
{
    private static readonly string[] Platforms = ["ios", "android", "web"];

    /// <summary>The fleet file's fleet when it has the requested shape, else a new fleet (written to the file when one is named).</summary>
    public async Task<(FleetFile Fleet, bool Created)> EnsureAsync(FleetShape shape, string? path, CancellationToken cancellation)
    {
        if (path is not null)
        {
            var existing = FleetStore.TryLoad(path, out var problem);
            if (existing is not null && existing.Matches(shape))
            {
                output.WriteLine($"fleet: reusing {path} ({shape}, created {existing.CreatedAt:yyyy-MM-dd HH:mm:ss}Z by run {existing.RunId})");
                return (existing, false);
            }
            if (existing is not null)
                output.WriteLine($"fleet: {path} holds {existing.Shape}, not {shape}: creating a new fleet and replacing the file");
            else if (problem is not null)
                output.WriteLine($"fleet: {path} cannot be reused ({problem}): creating a new fleet and replacing the file");
        }

        var fleet = await CreateAsync(shape, cancellation);
        if (path is not null)
        {
            FleetStore.Save(fleet, path);
            output.WriteLine($"fleet: written to {path}");
        }
        return (fleet, true);
    }

    public async Task<FleetFile> CreateAsync(FleetShape shape, CancellationToken cancellation)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        output.WriteLine($"fleet: creating {shape} (run {runId}, {concurrency} requests at a time) …");
        var clock = Stopwatch.StartNew();

        var accountIds = Enumerable.Range(0, shape.Accounts).Select(i => $"lt-{runId}-{i:D6}").ToArray();
        var signUps = await api.SendAllAsync(concurrency, accountIds, id => api.PostAsync("/api/accounts", new { accountId = id, email = $"{id}@loadtest.invalid" }, cancellation),
            stopOnFailure: true, cancellation);
        signUps.ThrowIfFailed("sign-up");

        var devices = new ConcurrentDictionary<(int, int), FleetAgent>();
        var hosts = new ConcurrentDictionary<(int, int), FleetAgent>();
        var registrations = Enumerable.Range(0, shape.Accounts)
            .SelectMany(a => Enumerable.Range(0, shape.HostsPerAccount).Select(j => (Account: a, Index: j, Host: true))
                .Concat(Enumerable.Range(0, shape.DevicesPerAccount).Select(j => (Account: a, Index: j, Host: false))))
            .ToArray();
        var registered = await api.SendAllAsync(concurrency, registrations, async r =>
        {
            var accountId = accountIds[r.Account];
            if (r.Host)
            {
                var hostId = $"host-{r.Index}";
                var answer = await api.PostAsync($"/api/accounts/{accountId}/hosts", new { hostId, name = $"load test host {r.Index}" }, cancellation);
                if (answer.Ok) hosts[(r.Account, r.Index)] = new FleetAgent(hostId, TokenOf(answer));
                return answer;
            }
            else
            {
                var deviceId = $"dev-{r.Index}";
                var platform = Platforms[(r.Account + r.Index) % Platforms.Length];
                var answer = await api.PostAsync($"/api/accounts/{accountId}/devices",
                    new { deviceId, platform, name = $"load test {platform} {r.Index}" }, cancellation);
                if (answer.Ok) devices[(r.Account, r.Index)] = new FleetAgent(deviceId, TokenOf(answer), platform);
                return answer;
            }
        }, stopOnFailure: true, cancellation);
        registered.ThrowIfFailed("device and host registration");

        var accounts = accountIds.Select((id, a) => new FleetAccount(id,
            Enumerable.Range(0, shape.DevicesPerAccount).Select(j => devices[(a, j)]).ToArray(),
            Enumerable.Range(0, shape.HostsPerAccount).Select(j => hosts[(a, j)]).ToArray())).ToArray();
        var requests = signUps.Ok + registered.Ok;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fleet: created in {clock.Elapsed.TotalSeconds:0.0} s ({requests:N0} requests, {requests / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0}/s)"));
        return new FleetFile(FleetFile.CurrentVersion, runId, DateTimeOffset.UtcNow, api.Targets.Select(t => t.ToString()).ToArray(),
            shape.DevicesPerAccount, shape.HostsPerAccount, accounts);
    }

    /// <summary>
    /// <c>PUT /api/admin/accounts/{id}/subscription</c> for every account: <paramref name="expiresAt"/>, and the tier when given
    /// (a trial has no auto-renew, so it expires exactly at <paramref name="expiresAt"/>, not after a billing grace).
    /// </summary>
    public Task<BulkResult> SetExpiryAsync(IEnumerable<FleetAccount> accounts, DateTimeOffset expiresAt, string? tier,
        CancellationToken cancellation, Action<ApiAnswer>? observe = null)
    {
        var at = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        object body = tier is null ? new { expiresAt = at } : new { expiresAt = at, tier };
        return api.SendAllAsync(concurrency, accounts.ToArray(), async account =>
        {
            var answer = await api.PutAsync($"/api/admin/accounts/{account.AccountId}/subscription", body, cancellation);
            observe?.Invoke(answer);
            return answer;
        }, stopOnFailure: false, cancellation);
    }

    /// <summary>Removes every device and host of the fleet (accounts have no delete route and stay) and the fleet file.</summary>
    public async Task CleanupAsync(FleetFile fleet, string? path, CancellationToken cancellation)
    {
        output.WriteLine($"cleanup: removing {fleet.Shape.Devices:N0} devices and {fleet.Shape.Hosts:N0} hosts …");
        var removals = fleet.Accounts
            .SelectMany(a => a.Devices.Select(d => $"/api/accounts/{a.AccountId}/devices/{d.Id}")
                .Concat(a.Hosts.Select(h => $"/api/accounts/{a.AccountId}/hosts/{h.Id}")))
            .ToArray();
        var result = await api.SendAllAsync(concurrency, removals, route => api.DeleteAsync(route, cancellation), stopOnFailure: false, cancellation);
        var failures = result.Failed > 0 ? $"; {result.Failed:N0} failed ({result.DescribeFailures()})" : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cleanup: removed {result.Ok:N0} in {result.Elapsed.TotalSeconds:0.0} s{failures}; the {fleet.Accounts.Count:N0} accounts stay (the API has no route to delete an account)"));
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
            output.WriteLine($"cleanup: deleted the fleet file {path} (its tokens no longer work)");
        }
    }

    private static string TokenOf(ApiAnswer answer)
    {
        using var document = answer.Json();
        return document.RootElement.GetProperty("token").GetString()
               ?? throw new RunFailedException("a registration answered without a token");
    }
}
