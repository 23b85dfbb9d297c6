using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ActorSubs.Node.Tests.Fuzz;

/// <summary>
/// The size and seed of one fuzz run. Both come from the environment with defaults, and the seed is printed, so a
/// failure found on a long run (<c>ACTORSUBS_FUZZ_INPUTS=2000</c>) is replayed with the same
/// <c>ACTORSUBS_FUZZ_SEED</c>. Inputs are drawn from FsCheck generators with a seeded <see cref="Rnd"/>, so the same
/// seed gives the same inputs in the same order.
/// </summary>
public sealed class FuzzRun
{
    public const string SeedVariable = "ACTORSUBS_FUZZ_SEED";
    public const string InputsVariable = "ACTORSUBS_FUZZ_INPUTS";

    private readonly Dictionary<string, int> _tried = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _answers = new(StringComparer.Ordinal);
    private ulong _drawn;

    private FuzzRun(ulong seed, int inputs)
    {
        Seed = seed;
        Inputs = inputs;
    }

    public ulong Seed { get; }

    /// <summary>Inputs per route (HTTP) or rounds of frames (WebSocket); 40 by default keeps a run well under a minute.</summary>
    public int Inputs { get; }

    public IReadOnlyDictionary<string, int> Tried => _tried;

    public static FuzzRun FromEnvironment(ITestOutputHelper output, int defaultInputs)
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? s
            : 20261130UL;
        var inputs = int.TryParse(Environment.GetEnvironmentVariable(InputsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : defaultInputs;
        output.WriteLine($"fuzz: {SeedVariable}={seed} {InputsVariable}={inputs}");
        return new FuzzRun(seed, inputs);
    }

    /// <summary>One value of <paramref name="gen"/>, drawn from the run's seeded stream.</summary>
    public T Next<T>(Gen<T> gen, int size = 30)
    {
        // A stream of its own per draw (the golden-ratio step of SplitMix), so one draw never shifts the next.
        var random = new Rnd(unchecked(Seed + 0x9E3779B97F4A7C15UL * ++_drawn));
        return gen.Sample(size, random, 1)[0];
    }

    public void Count(string what) => _tried[what] = _tried.GetValueOrDefault(what) + 1;

    /// <summary>What the node answered, kept apart from the inputs: shows how deep the inputs reached (2xx, 409s, ...).</summary>
    public void Answered(string what) => _answers[what] = _answers.GetValueOrDefault(what) + 1;

    public void Report(ITestOutputHelper output, string title)
    {
        output.WriteLine($"{title}: {_tried.Values.Sum()} inputs tried (seed {Seed})");
        foreach (var (what, count) in _tried.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            output.WriteLine($"  {count,6}  {what}");
        output.WriteLine("answers:");
        foreach (var (what, count) in _answers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            output.WriteLine($"  {count,6}  {what}");
    }
}
