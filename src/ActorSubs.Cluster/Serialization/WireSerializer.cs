using System.Collections.Frozen;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Serialization;
using Hyperion;

namespace ActorSubs.Cluster.Serialization;

/// <summary>
/// Messages between nodes go through Hyperion, restricted to an allow-list: our own message assemblies
/// (and arrays of their types), the BCL types they carry, and Akka's actor-ref surrogate. A payload naming
/// any other type is refused (Hyperion's UserEvilDeserializationException), so a peer cannot make a node
/// instantiate arbitrary types.
/// </summary>
public static class WireSerializer
{
    public const string Name = "actorsubs-wire";

    public static readonly Type[] ExtraAllowedTypes =
    [
        typeof(string), typeof(DateTimeOffset), typeof(DateTime), typeof(TimeSpan), typeof(Guid),
        typeof(int), typeof(long), typeof(bool), typeof(string[]),
        typeof(ActorRefBase.Surrogate), typeof(Nobody.NobodySurrogate),
    ];

    public static ITypeFilter AllowList() => new AllowListFilter(OurTypes().Concat(ExtraAllowedTypes));

    /// <summary>Namespaces whose public types are messages or the data they carry.</summary>
    private static readonly string[] MessageNamespaces =
        ["ActorSubs.Domain", "ActorSubs.Cluster.Accounts", "ActorSubs.Cluster.Licences", "ActorSubs.Cluster.Gateway", "ActorSubs.Cluster.Wakeups",
         "ActorSubs.Cluster.Stores"];

    /// <summary>The public message and data types of the domain and cluster assemblies (not actors), and arrays of them.</summary>
    public static IEnumerable<Type> OurTypes() =>
        new[] { typeof(AccountState).Assembly, typeof(AccountProtocol).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => (t.IsPublic || t.IsNestedPublic) && !t.IsGenericTypeDefinition && MessageNamespaces.Contains(t.Namespace)
                        && !typeof(ActorBase).IsAssignableFrom(t))
            .SelectMany(t => t.IsAbstract && t.IsSealed ? [t] : new[] { t, t.MakeArrayType() });

    public static HyperionSerializer Create(ExtendedActorSystem system) =>
        new(system, new HyperionSerializerSettings(
            preserveObjectReferences: false,
            versionTolerance: true,
            knownTypesProvider: HyperionSerializerSettings.Default.KnownTypesProvider,
            packageNameOverrides: [],
            surrogates: [],
            disallowUnsafeType: true,
            typeFilter: AllowList()));

    /// <summary>
    /// Hyperion asks for a type by its short assembly-qualified name when reading and by the full one
    /// (with version and key) when writing; its own filter only knows the short form, so this one holds both.
    /// </summary>
    private sealed class AllowListFilter : ITypeFilter
    {
        private readonly FrozenSet<string> _names;

        public AllowListFilter(IEnumerable<Type> types)
        {
            var list = types.Distinct().ToList();
            var shortNames = ((TypeFilter)list.Aggregate(TypeFilterBuilder.Create(), (b, t) => b.Include(t)).Build()).FilteredTypes;
            _names = shortNames.Concat(list.Select(t => t.AssemblyQualifiedName!)).ToFrozenSet(StringComparer.Ordinal);
        }

        public bool IsAllowed(string typeName) => _names.Contains(typeName);
    }
}
