using System.Runtime.Serialization;
using ActorSubs.Cluster.Licences;
using ActorSubs.Cluster.Stores;
using ActorSubs.Cluster.Serialization;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using Akka.Serialization;
using static ActorSubs.Cluster.Tests.Support.Equivalence;
using static ActorSubs.Domain.AccountEvents;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// Events and snapshots: JSON with short manifests that never change. The manifests below are what old journals
/// contain; if one of them has to change, old data no longer loads.
/// </summary>
public sealed class JournalSerializationSpecs(SerializationNode node) : IClassFixture<SerializationNode>
{
    private static readonly IReadOnlyDictionary<Type, string> StableManifests = new Dictionary<Type, string>
    {
        [typeof(AccountCreated)] = "ac",
        [typeof(Purchased)] = "pu",
        [typeof(AutoRenewChanged)] = "ar",
        [typeof(LicenceRegistered)] = "lr",
        [typeof(LicencePackPurchased)] = "lp",
        [typeof(HostAdded)] = "ha",
        [typeof(HostRemoved)] = "hr",
        [typeof(DeviceAdded)] = "da",
        [typeof(DeviceRemoved)] = "dr",
        [typeof(Refunded)] = "rf",
        [typeof(SubscriptionAdjusted)] = "sa",
        [typeof(NotificationRaised)] = "nr",
        [typeof(NotificationAcknowledged)] = "na",
        [typeof(RenewalCharged)] = "rc",
        [typeof(RenewalDeclined)] = "rd",
        [typeof(AccountState)] = "s-account",
        [typeof(LicenceClaimed)] = "lc",
        [typeof(WakeupScheduled)] = "ws",
        [typeof(WakeupsFiled)] = "wf",
        [typeof(WakeupsDelivered)] = "wx",
        [typeof(WakeupSpanFilled)] = "wsf",
        [typeof(WakeupSpanDrained)] = "wsd",
        [typeof(WakeupClockSnapshot)] = "s-wclock",
        [typeof(WakeupFeedAdvanced)] = "wfa",
        [typeof(StoreNotificationSeen)] = "sns",
        [typeof(StorePeriodRecorded)] = "spr",
        [typeof(StoreAutoRenewReported)] = "sar",
        [typeof(StoreBillingReported)] = "sbr",
        [typeof(StoreRevocationNoted)] = "srn",
        [typeof(StoreLinked)] = "sl",
        [typeof(NotificationParked)] = "snp",
        [typeof(ParkedSnapshot)] = "s-parked",
    };

    private static readonly IReadOnlyList<object> Values = Samples.EveryJournalValue();

    public static TheoryData<int> SampleIndexes() => [.. Enumerable.Range(0, Values.Count)];

    [Fact]
    public void Known_types_are_exactly_the_types_with_a_stable_manifest_and_a_sample()
    {
        // Act
        var known = JournalJsonSerializer.KnownTypes.ToHashSet();

        // Assert
        Assert.True(StableManifests.Keys.ToHashSet().SetEquals(known),
            $"known: {string.Join(", ", known.Select(t => t.Name).Order())}");
        Assert.True(Values.Select(v => v.GetType()).ToHashSet().SetEquals(known));
    }

    [Fact]
    public void Every_event_type_is_bound_to_the_journal_serializer()
    {
        // Act
        var serializers = JournalJsonSerializer.KnownTypes
            .Select(t => (Type: t, Serializer: node.System.Serialization.FindSerializerForType(t)))
            .ToArray();

        // Assert
        Assert.All(serializers, s => Assert.IsType<JournalJsonSerializer>(s.Serializer));
        Assert.True(JournalJsonSerializer.Id > 100);
        Assert.All(serializers, s => Assert.Equal(JournalJsonSerializer.Id, s.Serializer.Identifier));
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Value_round_trips_under_its_stable_manifest(int index)
    {
        // Arrange
        var value = Values[index];
        var serializer = node.System.Serialization.FindSerializerFor(value);

        // Act
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, value);
        var bytes = serializer.ToBinary(value);
        var back = node.System.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        // Assert
        Assert.Equal(StableManifests[value.GetType()], manifest);
        AssertSame(value, back);
    }

    [Fact]
    public void Unknown_manifest_throws_a_serialization_exception()
    {
        // Arrange
        var serializer = (SerializerWithStringManifest)node.System.Serialization.FindSerializerForType(typeof(AccountCreated));
        var bytes = serializer.ToBinary(Values[0]);

        // Act
        var error = Record.Exception(() => serializer.FromBinary(bytes, "zz-from-the-future"));

        // Assert
        var serializationError = Assert.IsType<SerializationException>(error);
        Assert.Contains("zz-from-the-future", serializationError.Message);
    }
}
