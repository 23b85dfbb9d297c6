using System.Runtime.Serialization;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorSubs.Cluster.Licences;
using ActorSubs.Cluster.Stores;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Serialization;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Cluster.Serialization;

/// <summary>
/// Events and snapshots as JSON with short, stable manifests. The manifest, not the CLR name, is what the
/// journal stores, so classes can be renamed or moved without breaking an old journal. Never reuse or
/// change a manifest: add a new one.
/// </summary>
public sealed class JournalJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 1701;

    private static readonly FrozenDictionary<string, Type> TypesByManifest = new Dictionary<string, Type>
    {
        ["ac"] = typeof(AccountCreated),
        ["pu"] = typeof(Purchased),
        ["ar"] = typeof(AutoRenewChanged),
        ["lr"] = typeof(LicenceRegistered),
        ["lp"] = typeof(LicencePackPurchased),
        ["ha"] = typeof(HostAdded),
        ["hr"] = typeof(HostRemoved),
        ["da"] = typeof(DeviceAdded),
        ["dr"] = typeof(DeviceRemoved),
        ["rf"] = typeof(Refunded),
        ["sa"] = typeof(SubscriptionAdjusted),
        ["nr"] = typeof(NotificationRaised),
        ["na"] = typeof(NotificationAcknowledged),
        ["rc"] = typeof(RenewalCharged),
        ["rd"] = typeof(RenewalDeclined),
        ["s-account"] = typeof(AccountState),
        ["lc"] = typeof(LicenceClaimed),
        ["ws"] = typeof(WakeupScheduled),
        // Retired with the first wake-up index (never reuse): "wr", "wd", "wc".
        ["wf"] = typeof(WakeupsFiled),
        ["wx"] = typeof(WakeupsDelivered),
        ["wsf"] = typeof(WakeupSpanFilled),
        ["wsd"] = typeof(WakeupSpanDrained),
        ["s-wclock"] = typeof(WakeupClockSnapshot),
        ["wfa"] = typeof(WakeupFeedAdvanced),
        ["sns"] = typeof(StoreNotificationSeen),
        ["spr"] = typeof(StorePeriodRecorded),
        ["sar"] = typeof(StoreAutoRenewReported),
        ["sbr"] = typeof(StoreBillingReported),
        ["srn"] = typeof(StoreRevocationNoted),
        ["sl"] = typeof(StoreLinked),
        ["snp"] = typeof(NotificationParked),
        ["s-parked"] = typeof(ParkedSnapshot),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, string> ManifestsByType =
        TypesByManifest.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>Bound to this serializer; every account event too, so one without a manifest fails its write.</summary>
    public static Type[] BoundTypes => [typeof(IAccountEvent), .. TypesByManifest.Values];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters =
        {
            new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false),
            new StringValueConverter<AccountId>(v => new AccountId(v), id => id.Value),
            new StringValueConverter<HostId>(v => new HostId(v), id => id.Value),
            new StringValueConverter<DeviceId>(v => new DeviceId(v), id => id.Value),
            new StringValueConverter<TransactionId>(v => new TransactionId(v), id => id.Value),
            new StringValueConverter<LicenceKey>(v => new LicenceKey(v), id => id.Value),
        },
    };

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().FullName} has no journal manifest; add one to {nameof(JournalJsonSerializer)}.");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypesByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Json) ?? throw new SerializationException($"'{manifest}' decoded to null")
            : throw new SerializationException($"Unknown journal manifest '{manifest}': written by a newer version?");

    /// <summary>All manifests, for the round-trip spec that proves every event type has one.</summary>
    public static IReadOnlyCollection<Type> KnownTypes => TypesByManifest.Values;
}

/// <summary>Writes a typed id as a plain JSON string, so the journal reads naturally.</summary>
public sealed class StringValueConverter<T>(Func<string, T> create, Func<T, string> value) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        create(reader.GetString() ?? throw new JsonException($"{typeof(T).Name} must be a string"));

    public override void Write(Utf8JsonWriter writer, T v, JsonSerializerOptions options) => writer.WriteStringValue(value(v));
}
