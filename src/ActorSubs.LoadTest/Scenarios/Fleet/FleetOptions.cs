using ActorSubs.LoadTest.Cli;

namespace ActorSubs.LoadTest.Scenarios.Fleet;

/// <summary>The options every WebSocket fleet scenario takes, parsed and checked.</summary>
public sealed record FleetOptions(
    IReadOnlyList<Uri> Targets, bool AllowRemote, string OperatorKey, TimeSpan Duration, int MaxDevices, TimeSpan ConnectTimeout,
    int ProvisionConcurrency, string? FleetPath, bool Cleanup, string? JsonPath, string? PngPath)
{
    public const string DefaultTarget = "http://127.0.0.1:5080";
    public const string DefaultOperatorKey = "dev-operator-key";

    public static IReadOnlyList<OptionSpec> Specs(double defaultDuration) =>
    [
        new("target", "URL", "node to connect to; repeat it or separate URLs with commas for a cluster (clients are spread " +
            "round-robin over them); only loopback hosts unless --allow-remote", DefaultTarget, Repeatable: true),
        new("allow-remote", null, "allow a non-loopback --target"),
        new("operator-key", "KEY", "operator key (the node's ActorSubs:Admin:ApiKey) sent as 'Authorization: Bearer KEY' " +
            "to create the fleet and adjust subscriptions", DefaultOperatorKey),
        new("duration", "SECONDS", "hard bound on the measured run; whatever is still going then is stopped and reported",
            defaultDuration.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("max-devices", "N", "hard cap on WebSocket clients (devices and hosts) this run opens; a larger fleet is refused", "20,000"),
        new("connect-timeout", "SECONDS", "a connect (TCP, upgrade, attach) not done by then fails as 'timeout'", "10"),
        new("provision-concurrency", "N", "HTTP requests at a time when creating the fleet and adjusting subscriptions", "32"),
        new("fleet", "PATH", "fleet file (accounts, device and host ids and tokens): reused when it holds the same shape, " +
            "else a new fleet is created and written there"),
        new("cleanup", null, "at the end, remove the fleet's devices and hosts (DELETE routes) and its fleet file"),
        new("json", "PATH", "also write the run report (with the baseline's, if any) as JSON to PATH"),
        new("png", "PATH", "also draw the latency distributions and devices connected over time into a PNG at PATH"),
    ];

    public static FleetOptions From(ParsedOptions o, double defaultDuration)
    {
        var allowRemote = o.Has("allow-remote");
        var targets = Loopback.ParseTargets(o.GetString("target", DefaultTarget), allowRemote, o.Scenario);
        return new FleetOptions(
            targets, allowRemote,
            o.GetString("operator-key", DefaultOperatorKey),
            o.GetSeconds("duration", defaultDuration, 1, 24 * 3600),
            o.GetInt32("max-devices", 20_000, 1, 1_000_000),
            o.GetSeconds("connect-timeout", 10, 0.1, 600),
            o.GetInt32("provision-concurrency", 32, 1, 1024),
            o.GetString("fleet") is { } fleet ? Path.GetFullPath(fleet) : null,
            o.Has("cleanup"),
            o.GetString("json") is { } json ? Path.GetFullPath(json) : null,
            o.GetString("png") is { } png ? Path.GetFullPath(png) : null);
    }

    /// <summary>Refuses a run that would open more clients than <c>--max-devices</c>.</summary>
    public void CheckCap(long clients, string what, string scenario)
    {
        if (clients > MaxDevices)
            throw new UsageException($"{what} needs {clients:N0} WebSocket clients, more than --max-devices {MaxDevices:N0}; " +
                                     "raise --max-devices if that is really meant.", scenario);
    }

    public string TargetText => string.Join(",", Targets.Select(t => t.ToString().TrimEnd('/')));
}
