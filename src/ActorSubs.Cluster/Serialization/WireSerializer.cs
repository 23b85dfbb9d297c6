using ActorSubs.Cluster.Accounts;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Serialization;
using Hyperion;

namespace ActorSubs.Cluster.Serialization;

/// <summary>
/// Messages between nodes go through Hyperion, restricted to an allow-list: our own message assemblies
/// and the few BCL types they carry. A payload naming any other type is refused at deserialization
/// (<see cref="UserEvilDeserializationException"/>), so a peer cannot make a node instantiate arbitrary types.
/// </summary>
public static class WireSerializer
{
    public const string Name = "actorsubs-wire";

    public static readonly Type[] ExtraAllowedTypes =
    [
        typeof(string), typeof(DateTimeOffset), typeof(DateTime), typeof(TimeSpan), typeof(Guid),
        typeof(int), typeof(long), typeof(bool), typeof(Nullable<>),
    ];

    /// <summary>The allow-list: every public type of the domain and cluster assemblies, plus <see cref="ExtraAllowedTypes"/>.</summary>
    public static ITypeFilter AllowList()
    {
        var builder = TypeFilterBuilder.Create();
        foreach (var type in OurTypes().Concat(ExtraAllowedTypes))
            builder = builder.Include(type);
        return builder.Build();
    }

    public static IEnumerable<Type> OurTypes() =>
        new[] { typeof(AccountState).Assembly, typeof(AccountProtocol).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => (t.IsPublic || t.IsNestedPublic) && !t.IsGenericTypeDefinition);

    public static HyperionSerializer Create(ExtendedActorSystem system) =>
        new(system, new HyperionSerializerSettings(
            preserveObjectReferences: false,
            versionTolerance: true,
            knownTypesProvider: HyperionSerializerSettings.Default.KnownTypesProvider,
            packageNameOverrides: [],
            surrogates: [],
            disallowUnsafeType: true,
            typeFilter: AllowList()));
}
