using System.ComponentModel;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Measurement;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The options of the HTTP scenarios (<c>api</c>, <c>signups</c>): workers, warmup, measured time, request cap, JSON.</summary>
public abstract class LoopSettings : TargetSettings
{
    [CommandOption("--concurrency <C>"), Description("concurrent workers (and HTTP connections)"), DefaultValue(32), Between(1, 1024)]
    public int Concurrency { get; init; } = 32;

    public abstract double Duration { get; init; }

    public abstract double Warmup { get; init; }

    public abstract long MaxRequests { get; init; }

    [CommandOption("--json <PATH>"), Description("also write the results as JSON to PATH")]
    public string? Json { get; init; }

    public string? JsonPath => Full(Json);

    public ClosedLoopPlan Plan(TimeSpan grace) =>
        new(Concurrency, TimeSpan.FromSeconds(Warmup), TimeSpan.FromSeconds(Duration), MaxRequests, grace);
}
