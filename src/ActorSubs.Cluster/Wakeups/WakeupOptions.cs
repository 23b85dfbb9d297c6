namespace ActorSubs.Cluster.Wakeups;

/// <summary>The durable wake-up index, bound from <c>ActorSubs:Wakeups</c>.</summary>
public sealed record WakeupOptions
{
    public const string Section = "ActorSubs:Wakeups";

    /// <summary>Time span one bucket covers. Entries inside it still fire at their exact instant.</summary>
    public TimeSpan BucketSize { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Buckets per time span, split by account hash, so a million expiries at midnight do not land on one actor.</summary>
    public int SubBuckets { get; init; } = 8;

    /// <summary>How long before its span starts the clock wakes a bucket, so its timers are armed in time.</summary>
    public TimeSpan ActivationLead { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the clock looks at the time.</summary>
    public TimeSpan ClockTick { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>After downtime the clock catches up at most this far back (older buckets fire once their accounts wake).</summary>
    public TimeSpan MaxCatchUp { get; init; } = TimeSpan.FromDays(30);

    /// <summary>A wake-up is sent again at this interval until the account acknowledges it.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BucketSize < TimeSpan.FromSeconds(1)) errors.Add($"{Section}:{nameof(BucketSize)} must be at least one second.");
        if (SubBuckets is < 1 or > 1024) errors.Add($"{Section}:{nameof(SubBuckets)} must be between 1 and 1024.");
        if (ActivationLead < TimeSpan.Zero) errors.Add($"{Section}:{nameof(ActivationLead)} must not be negative.");
        if (ClockTick <= TimeSpan.Zero) errors.Add($"{Section}:{nameof(ClockTick)} must be positive.");
        if (MaxCatchUp <= TimeSpan.Zero) errors.Add($"{Section}:{nameof(MaxCatchUp)} must be positive.");
        if (RetryInterval <= TimeSpan.Zero) errors.Add($"{Section}:{nameof(RetryInterval)} must be positive.");
        return errors;
    }
}
