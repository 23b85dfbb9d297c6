namespace ActorSubs.LoadTest;

/// <summary>Small helpers the recorders, loops and clients share.</summary>
public static class Shared
{
    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> if that is larger, safely against concurrent writers.</summary>
    public static void AtomicMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>"ConnectionError" as "connection-error": error names in counters and reports.</summary>
    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
