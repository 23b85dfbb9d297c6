using System.Text.RegularExpressions;

namespace ActorSubs.Domain;

/// <summary>The one rule every identifier on the wire obeys: 1–64 characters of <c>[A-Za-z0-9._@-]</c>.</summary>
public static partial class Identifier
{
    public const int MaxLength = 64;

    // \A…\z, not ^…$: "$" also matches before a trailing newline, which would let "abc\n" through.
    [GeneratedRegex(@"\A[A-Za-z0-9._@-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);
}

public readonly record struct AccountId(string Value)
{
    public override string ToString() => Value;
}

public readonly record struct HostId(string Value)
{
    public override string ToString() => Value;
}

public readonly record struct DeviceId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A store's transaction id (App Store, Google Play, Cleverbridge): the idempotency key of R14 in docs/rules.md.</summary>
public readonly record struct TransactionId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A Parallels Desktop licence key. Keys are compared without regard to case, so they are kept upper-case.</summary>
public readonly record struct LicenceKey
{
    public LicenceKey(string value) => Value = value.ToUpperInvariant();

    public string Value { get; }

    public override string ToString() => Value;
}
