using System.Globalization;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Recording;

namespace ActorSubs.LoadTest.Scenarios.Fleet;

/// <summary>
/// What the WebSocket fleet scenarios share: the common options (<see cref="FleetOptions"/>), creating or reusing the
/// fleet, live progress, and the end of a run (summary, JSON, gateway/baseline ratios, cleanup).
/// </summary>
public abstract class FleetScenario : IScenario
{
    private IReadOnlyList<OptionSpec>? _options;

    public abstract string Name { get; }

    public abstract string Summary { get; }

    public abstract string Description { get; }

    /// <summary>Default of <c>--duration</c> for this scenario.</summary>
    protected abstract double DefaultDuration { get; }

    /// <summary>The scenario's own options; the common ones follow them in the usage text.</summary>
    protected abstract IReadOnlyList<OptionSpec> OwnOptions { get; }

    public IReadOnlyList<OptionSpec> Options => _options ??= [.. OwnOptions, .. FleetOptions.Specs(DefaultDuration)];

    public async Task<int> RunAsync(ParsedOptions options, TextWriter output, CancellationToken cancellation)
    {
        var common = FleetOptions.From(options, DefaultDuration);
        return await RunAsync(options, common, SettingsOf(options), output, cancellation);
    }

    protected abstract Task<int> RunAsync(ParsedOptions options, FleetOptions common, IReadOnlyDictionary<string, string> settings,
        TextWriter output, CancellationToken cancellation);

    /// <summary>Every option as run (defaults filled in) for the report; the operator key is not written out.</summary>
    private IReadOnlyDictionary<string, string> SettingsOf(ParsedOptions options)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in Options)
        {
            if (spec.Name == "operator-key")
            {
                settings[spec.Name] = options.Has(spec.Name) ? "(given)" : "(default)";
                continue;
            }
            settings[spec.Name] = spec.IsFlag
                ? (options.Has(spec.Name) ? "true" : "false")
                : options.GetString(spec.Name) ?? spec.Default ?? "";
        }
        return settings;
    }

    /// <summary>
    /// Checks the targets are ready, then creates the fleet or reuses the fleet file. A reused fleet's accounts are put
    /// back on an active trial when <paramref name="activate"/> (an earlier run may have left them expired).
    /// </summary>
    protected static async Task<FleetSession> OpenFleetAsync(FleetOptions common, FleetShape shape, bool activate, TextWriter output,
        CancellationToken cancellation)
    {
        var api = new AdminApi(common.Targets, common.OperatorKey, common.ProvisionConcurrency, TimeSpan.FromSeconds(30));
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
    protected static async Task<T> WithProgressAsync<T>(RunRecorder recorder, TextWriter output, Func<Task<T>> body)
    {
        using var stop = new CancellationTokenSource();
        var progress = LiveProgress.RunAsync(recorder, output, stop.Token);
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

    /// <summary>Summary and JSON (the shared run output), then the gateway/baseline ratios when a baseline was run.</summary>
    protected static async Task FinishAsync(RunReport report, FleetOptions common, TextWriter output, CancellationToken cancellation)
    {
        // The shared summary compares the runs, memory per connection included (the BaselineComparison counters).
        await RunOutput.FinishAsync(report, common.JsonPath, common.PngPath, output, cancellation);
    }

    protected static string Ms(double value) => value.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}

/// <summary>The fleet of a run with the clients to the API; cleans up at the end when <c>--cleanup</c> was given.</summary>
public sealed class FleetSession(AdminApi api, FleetProvisioner provisioner, FleetFile fleet, FleetOptions common) : IAsyncDisposable
{
    public AdminApi Api { get; } = api;

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
    public const string ServerWorkingSetPerConnection = "memory.server.working-set-per-connection-bytes";
    public const string ServerManagedPerConnection = "memory.server.managed-per-connection-bytes";
}
