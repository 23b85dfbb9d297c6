using System.Collections.Frozen;
using System.Text.Json;

namespace ActorSubs.Domain;

/// <summary>
/// The kebab-case names of enum values on the wire (<c>app-store</c>, <c>google-play</c>, …). Parsing is
/// exact: a value that is not one of the names is rejected rather than guessed.
/// </summary>
public static class WireNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ToWire[value];

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        if (text is not null && Names<TEnum>.FromWire.TryGetValue(text, out value)) return true;
        value = default;
        return false;
    }

    /// <summary>Every wire name of the enum, for error messages that say what is accepted.</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Names<TEnum>.Ordered;

    /// <summary>The journal's enum converter uses the same policy, so the two never disagree on a name.</summary>
    public static string Kebab(string pascal) => JsonNamingPolicy.KebabCaseLower.ConvertName(pascal);

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ToWire =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => Kebab(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> FromWire =
            ToWire.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

        public static readonly IReadOnlyList<string> Ordered = Enum.GetValues<TEnum>().Select(v => ToWire[v]).ToArray();
    }
}
