namespace ActorSubs.Cluster.Hosting;

/// <summary>
/// The problems of one options section, each naming its full key (<c>ActorSubs:Wakeups:BucketSize must be …</c>),
/// so a node that refuses to start says which setting to fix.
/// </summary>
public sealed class OptionErrors(string section) : List<string>
{
    /// <summary>Adds "<c>{section}:{key} {problem}</c>" when the value is <paramref name="invalid"/>.</summary>
    public OptionErrors When(bool invalid, string key, string problem)
    {
        if (invalid) Add($"{section}:{key} {problem}");
        return this;
    }

    public OptionErrors Positive(TimeSpan value, string key) =>
        When(value <= TimeSpan.Zero, key, $"must be positive (was {value}).");
}
