using System.Collections;
using System.ComponentModel;
using System.Reflection;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;
using ActorSubs.Node.Configuration;

namespace ActorSubs.System.Tests.Support;

/// <summary>
/// The node's options types, found by reflection (every type with a <c>const string Section</c> under
/// <c>ActorSubs:</c>), and a check that an environment variable in ASP.NET's form (<c>ActorSubs__Cluster__Port</c>,
/// <c>__N</c> for a list index) names a property the configuration binder would set, with a value it can convert.
/// </summary>
public static class OptionsCatalog
{
    private static readonly Assembly[] NodeAssemblies =
        [typeof(SubscriptionOptions).Assembly, typeof(ClusterSettings).Assembly, typeof(AdminOptions).Assembly];

    /// <summary>Section path ("ActorSubs:Cluster") → options type.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Sections = FindSections();

    /// <summary>Why <paramref name="name"/> (with <paramref name="value"/>, null when it comes from a secret or the pod) binds to nothing, or null.</summary>
    public static string? Problem(string name, string? value)
    {
        var segments = name.Split("__");
        if (segments.Length < 3) return $"{name}: names a section, not a setting";
        var section = $"{segments[0]}:{segments[1]}";
        var type = Sections.FirstOrDefault(s => string.Equals(s.Key, section, StringComparison.OrdinalIgnoreCase)).Value;
        if (type is null) return $"{name}: no options type binds section {section} (bound: {string.Join(", ", Sections.Keys)})";

        for (var i = 2; i < segments.Length; i++)
        {
            var property = type.GetProperty(segments[i], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || property.SetMethod is not { IsPublic: true })
                return $"{name}: {type.Name} has no settable property '{segments[i]}'";
            type = property.PropertyType;
            if (ElementType(type) is { } element)
            {
                if (i + 1 >= segments.Length || !int.TryParse(segments[i + 1], out var index) || index < 0)
                    return $"{name}: {property.Name} is a list; set its items as {property.Name}__0, {property.Name}__1, ...";
                i++;
                type = element;
            }
            if (IsScalar(type))
            {
                if (i != segments.Length - 1) return $"{name}: {property.Name} is a value, not a section";
                return value is null || Converts(type, value) ? null : $"{name}: '{value}' is not a {Nullable.GetUnderlyingType(type)?.Name ?? type.Name}";
            }
        }
        return $"{name}: names the section {type.Name}, not a value in it";
    }

    private static Dictionary<string, Type> FindSections()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in NodeAssemblies.SelectMany(a => a.GetExportedTypes()))
        {
            var field = type.GetField("Section", BindingFlags.Public | BindingFlags.Static);
            if (field is { IsLiteral: true } && field.GetRawConstantValue() is string section && section.StartsWith("ActorSubs:", StringComparison.Ordinal))
                sections.Add(section, type);
        }
        return sections;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type)) return type.GetGenericArguments()[0];
        return null;
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(Uri) || t == typeof(Guid);
    }

    /// <summary>The binder converts strings with the type's TypeConverter, invariant culture.</summary>
    private static bool Converts(Type type, string value)
    {
        try
        {
            TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException || e.InnerException is FormatException)
        {
            return false;
        }
    }
}
