using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Recording;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios.Fleet;

/// <summary>
/// What the WebSocket fleet scenarios share: creating or reusing the fleet, live progress, and the end of a run
/// (summary, JSON, PNG, cleanup).
/// </summary>
public abstract class FleetScenario<TSettings>(TextWriter output) : AsyncCommand<TSettings> where TSettings : FleetSettings
{
    protected TextWriter Output { get; } = output;

    /// <summary>
    /// Checks the targets are ready, then creates the fleet or reuses the fleet file. A reused fleet's accounts are put
    /// back on an active trial when <paramref name="activate"/> (an earlier run may have left them expired).
    /// </summary>
    protected async Task<FleetSession> OpenFleetAsync(FleetSettings common, FleetShape shape, bool activate, CancellationToken cancellation)
    {
        var output = Output;
        var api = new NodeClient(common.Targets, common.OperatorKey, common.ProvisionConcurrency, TimeSpan.FromSeconds(30));
        try
        {
            await api.CheckReadyAsync(cancellation);
            var provisioner = new FleetProvisioner(api, common.ProvisionConcurrency, output);
            var (fleet, created) = await provisioner.EnsureAsync(shape, common.FleetPath, cancellation);
            if (!created && activate)
            {
                var active = await provisioner.SetExpiryAsync(fleet.Accounts, DateTimeOffset.UtcNow.AddDays(30), "trial", cancellation);
                output.WriteLine($"fleet: {active.Ok:N0} reused accounts put back on an active trial" +
                                 (active.Failed > 0 ? $", {active.Failed:N0} failed ({active.DescribeFailures()})" : ""));
                if (active.Ok == 0 && active.Failed > 0)
                    throw new RunFailedException($"the fleet file's accounts cannot be adjusted: {active.FirstFailure} " +
                                                 "(was it made against another node or database? delete it or use another --fleet)");
            }
            return new FleetSession(api, provisioner, fleet, common);
        }
        catch
        {
            api.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> with the once-a-second progress line (and timeline sampling) going.</summary>
    protected async Task<T> WithProgressAsync<T>(RunRecorder recorder, Func<Task<T>> body)
    {
        using var stop = new CancellationTokenSource();
        var progress = LiveProgress.RunAsync(recorder, Output, stop.Token);
        try
        {
            return await body();
        }
        finally
        {
            await stop.CancelAsync();
            await progress;
        }
    }

    /// <summary>Summary, JSON and PNG of the run, the gateway/baseline ratios among them when a baseline was run.</summary>
    protected Task FinishAsync(RunReport report, FleetSettings common, CancellationToken cancellation) =>
        RunOutput.FinishAsync(report, common.JsonPath, common.PngPath, Output, cancellation);
}

/// <summary>The fleet of a run with the clients to the API; cleans up at the end when <c>--cleanup</c> was given.</summary>
public sealed class FleetSession(NodeClient api, FleetProvisioner provisioner, FleetFile fleet, FleetSettings common) : IAsyncDisposable
{
    public NodeClient Api { get; } = api;

    public FleetProvisioner Provisioner { get; } = provisioner;

    public FleetFile Fleet { get; } = fleet;

    /// <summary>Removes the fleet's devices and hosts when asked (bounded, even after an interrupt), then closes the API client.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (common.Cleanup)
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                await Provisioner.CleanupAsync(Fleet, common.FleetPath, bound.Token);
            }
        }
        finally
        {
            Api.Dispose();
        }
    }
}

/// <summary>Counter names of memory per connection that the summary compares between the gateway and the baseline.</summary>
public static class BaselineComparison
{
    public const string NodeWorkingSetPerDevice = "memory.node.working-set-per-device-bytes";
    public const string NodeManagedPerDevice = "memory.node.managed-per-device-bytes";
    public const string ServerManagedPerConnection = "memory.server.managed-per-connection-bytes";
}
