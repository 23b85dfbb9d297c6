using System.Collections;
using System.Reflection;
using ActorSubs.Domain;
using Akka.Actor;

namespace ActorSubs.Cluster.Tests.Support;

/// <summary>
/// Content equality for any message, event, view or state of ActorSubs. Record equality is not enough: it compares
/// arrays and immutable collections by reference, so a record holding one (<c>Attached.Pending</c>,
/// <c>BuyPrompt.Products</c>, <c>AccountState.Outbox</c>, ...) never equals its own round trip.
/// <para>
/// A reflection walk, with no per-type cases: our types (records and record structs of the ActorSubs assemblies)
/// are compared member by member (every public property and field, none ignored), dictionaries key by key, other
/// collections element by element in order, and everything else (strings, numbers, enums, times, actor refs)
/// with its own equality. <see cref="DateTimeOffset"/> must match exactly, offset included. The first
/// difference is reported with its path, e.g. <c>Attached.Pending[1].Data.Lead</c>.
/// </para>
/// </summary>
public static class Equivalence
{
    private const int MaxDepth = 32;

    public static void AssertSameView(AccountView expected, AccountView actual) => AssertSame(expected, actual);

    public static void AssertSame(object expected, object? actual)
    {
        Assert.NotNull(actual);
        if (FirstDifference(expected, actual, expected.GetType().Name, 0) is { } difference)
            throw new Xunit.Sdk.XunitException($"The values differ at {difference}");
    }

    /// <summary>The first difference, as "path: expected …, actual …"; null when the two are the same.</summary>
    public static string? FirstDifference(object? expected, object? actual, string path = "value") =>
        FirstDifference(expected, actual, path, 0);

    private static string? FirstDifference(object? expected, object? actual, string path, int depth)
    {
        if (expected is null || actual is null)
            return expected is null && actual is null ? null : Differs(path, expected, actual);
        if (depth > MaxDepth) return $"{path}: nested deeper than {MaxDepth} levels (a cycle?)";

        var type = expected.GetType();
        if (actual.GetType() != type) return $"{path}: expected a {type.FullName}, actual a {actual.GetType().FullName}";

        if (expected is DateTimeOffset time)
            return time.EqualsExact((DateTimeOffset)actual) ? null : Differs(path, expected, actual);
        if (IsLeaf(type))
            return expected.Equals(actual) ? null : Differs(path, expected, actual);

        if (expected is IDictionary expectedMap)
        {
            var actualMap = (IDictionary)actual;
            if (expectedMap.Count != actualMap.Count)
                return $"{path}: expected {expectedMap.Count} entries ({Keys(expectedMap)}), actual {actualMap.Count} ({Keys(actualMap)})";
            foreach (DictionaryEntry entry in expectedMap)
            {
                if (!actualMap.Contains(entry.Key)) return $"{path}: key '{entry.Key}' is missing (actual keys: {Keys(actualMap)})";
                if (FirstDifference(entry.Value, actualMap[entry.Key], $"{path}[{entry.Key}]", depth + 1) is { } inner) return inner;
            }
            return null;
        }

        if (expected is IEnumerable expectedItems)
        {
            var e = expectedItems.Cast<object?>().ToList();
            var a = ((IEnumerable)actual).Cast<object?>().ToList();
            if (e.Count != a.Count) return $"{path}: expected {e.Count} elements, actual {a.Count}";
            for (var i = 0; i < e.Count; i++)
                if (FirstDifference(e[i], a[i], $"{path}[{i}]", depth + 1) is { } inner) return inner;
            return null;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0) continue;
            if (FirstDifference(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}", depth + 1) is { } inner)
                return inner;
        }
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (FirstDifference(field.GetValue(expected), field.GetValue(actual), $"{path}.{field.Name}", depth + 1) is { } inner)
                return inner;
        }
        return null;
    }

    /// <summary>
    /// Compared with its own equality: anything that is neither one of our types nor a collection (strings,
    /// numbers, enums, times, actor refs, which are equal when path and uid are).
    /// </summary>
    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || typeof(IActorRef).IsAssignableFrom(type)
        || (!IsOurs(type) && !typeof(IEnumerable).IsAssignableFrom(type));

    private static bool IsOurs(Type type) => type.Assembly.GetName().Name?.StartsWith("ActorSubs.", StringComparison.Ordinal) == true;

    private static string Differs(string path, object? expected, object? actual) =>
        $"{path}: expected {Show(expected)}, actual {Show(actual)}";

    private static string Show(object? value) => value switch
    {
        null => "<null>",
        string s => $"\"{s}\"",
        DateTimeOffset t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? value.GetType().Name,
    };

    private static string Keys(IDictionary map) => string.Join(", ", map.Keys.Cast<object>().Select(k => k.ToString()).Order(StringComparer.Ordinal));
}
