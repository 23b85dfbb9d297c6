using System.ComponentModel;
using ActorSubs.LoadTest.Cli;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios.Fleet;

/// <summary>The options every WebSocket fleet scenario takes; <c>--duration</c> is each scenario's own (its default differs).</summary>
public abstract class FleetSettings : TargetSettings
{
    /// <summary><c>--duration</c>: a hard bound on the measured run; whatever is still going then is stopped and reported.</summary>
    public abstract double DurationSeconds { get; init; }

    [CommandOption("--max-devices <N>"), DefaultValue(20_000), Between(1, 1_000_000)]
    [Description("hard cap on WebSocket clients (devices and hosts) this run opens; a larger fleet is refused")]
    public int MaxDevices { get; init; } = 20_000;

    [CommandOption("--connect-timeout <SECONDS>"), DefaultValue(10.0), Between(0.1, 600)]
    [Description("a connect (TCP, upgrade, attach) not done by then fails as 'timeout'")]
    public double ConnectTimeoutSeconds { get; init; } = 10;

    [CommandOption("--provision-concurrency <N>"), DefaultValue(32), Between(1, 1024)]
    [Description("HTTP requests at a time when creating the fleet and adjusting subscriptions")]
    public int ProvisionConcurrency { get; init; } = 32;

    [CommandOption("--fleet <PATH>")]
    [Description("fleet file (accounts, device and host ids and tokens): reused when it holds the same shape, else a new fleet is created and written there")]
    public string? Fleet { get; init; }

    [CommandOption("--cleanup"), Description("at the end, remove the fleet's devices and hosts (DELETE routes) and its fleet file")]
    public bool Cleanup { get; init; }

    [CommandOption("--json <PATH>"), Description("also write the run report (with the baseline's, if any) as JSON to PATH")]
    public string? Json { get; init; }

    [CommandOption("--png <PATH>"), Description("also draw the latency distributions and devices connected over time into a PNG at PATH")]
    public string? Png { get; init; }

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);

    public TimeSpan ConnectTimeout => TimeSpan.FromSeconds(ConnectTimeoutSeconds);

    public string? FleetPath => Full(Fleet);

    public string? JsonPath => Full(Json);

    public string? PngPath => Full(Png);

    /// <summary>Refuses a run that would open more clients than <c>--max-devices</c>.</summary>
    protected void CheckCap(long clients, string what)
    {
        if (clients > MaxDevices)
            throw new UsageException($"{what} needs {clients:N0} WebSocket clients, more than --max-devices {MaxDevices:N0}; " +
                                     "raise --max-devices if that is really meant.");
    }
}
