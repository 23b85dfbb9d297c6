using ActorSubs.Cluster.Wakeups;
using System.Collections.Immutable;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using static ActorSubs.Cluster.Tests.Support.Equivalence;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// The comparison every round-trip and recovery spec relies on. A comparison that always agreed would make them all
/// pass without proving anything, so it is shown here to find a difference wherever one can hide.
/// </summary>
public sealed class EquivalenceSpecs
{
    private static GatewayProtocol.Attached Attached() =>
        (GatewayProtocol.Attached)Samples.EveryWireMessage().Single(m => m.Name == "Gateway.Attached").Message;

    [Fact]
    public void Separate_instances_with_the_same_content_are_the_same()
    {
        // Arrange: built twice, so every array and immutable collection is a different instance.
        var pairs = new (object, object)[]
        {
            (Attached(), Attached()), (Samples.State(), Samples.State()), (Samples.View(), Samples.View()),
            (new WakeupProtocol.Register("b", [new("a", Samples.At)], []), new WakeupProtocol.Register("b", [new("a", Samples.At)], [])),
        };

        // Act
        var differences = pairs.Select(p => FirstDifference(p.Item1, p.Item2)).ToArray();

        // Assert
        Assert.All(pairs, p => Assert.NotSame(p.Item1, p.Item2));
        Assert.All(differences, Assert.Null);
    }

    [Fact]
    public void Difference_inside_an_array_of_records_is_found_with_its_path()
    {
        // Arrange
        var expected = Attached();
        var pending = expected.Pending.ToArray();
        pending[1] = pending[1] with { Data = pending[1].Data with { Lead = TimeSpan.FromDays(7) } };
        var actual = expected with { Pending = pending };

        // Act
        var error = Record.Exception(() => AssertSame(expected, actual));

        // Assert
        Assert.Contains("Attached.Pending[1].Data.Lead", Assert.IsType<Xunit.Sdk.XunitException>(error).Message);
    }

    [Fact]
    public void Difference_inside_a_string_array_of_a_nested_record_is_found()
    {
        // Arrange
        var expected = Attached();
        var actual = expected with { Prompt = expected.Prompt! with { Products = ["monthly"] } };

        // Act
        var difference = FirstDifference(expected, actual, "Attached");

        // Assert
        Assert.Equal("Attached.Prompt.Products: expected 2 elements, actual 1", difference);
    }

    [Fact]
    public void Host_online_flag_is_compared()
    {
        // Arrange
        var expected = Samples.View();
        var hosts = expected.Hosts.ToArray();
        hosts[1] = hosts[1] with { Online = !hosts[1].Online };

        // Act
        var difference = FirstDifference(expected, expected with { Hosts = hosts }, "AccountView");

        // Assert
        Assert.StartsWith("AccountView.Hosts[1].Online:", difference);
    }

    [Fact]
    public void Differences_in_dictionaries_and_the_outbox_of_a_state_are_found()
    {
        // Arrange
        var expected = Samples.State();
        var device = expected.Devices["ipad-pro-11"];
        var pending = expected.Outbox[0];

        // Act
        var renamedDevice = FirstDifference(expected,
            expected with { Devices = expected.Devices.SetItem(device.Id.Value, device with { Name = "Ben's iPad" }) }, "AccountState");
        var otherKey = FirstDifference(expected,
            expected with { Devices = ImmutableDictionary<string, Device>.Empty.Add("ipad-air", device) }, "AccountState");
        var acknowledged = FirstDifference(expected,
            expected with { Outbox = [pending with { AcknowledgedBy = ["pixel-7", "ipad-pro-11"] }] }, "AccountState");

        // Assert
        Assert.StartsWith("AccountState.Devices[ipad-pro-11].Name:", renamedDevice);
        Assert.StartsWith("AccountState.Devices: key 'ipad-pro-11' is missing", otherKey);
        Assert.Equal("AccountState.Outbox[0].AcknowledgedBy: expected 1 elements, actual 2", acknowledged);
    }

    [Fact]
    public void Times_must_match_with_their_offset_and_types_exactly()
    {
        // Arrange
        var at = Samples.At;
        var sameInstantOtherOffset = at.ToOffset(TimeSpan.FromHours(2));

        // Act
        var time = FirstDifference(new WakeupSpanDrained(at), new WakeupSpanDrained(sameInstantOtherOffset));
        var type = FirstDifference(new AccountProtocol.Get("a", Caller.Operator), new AccountProtocol.Get("a", Caller.Anonymous));
        var nullVersusValue = FirstDifference(new WakeupScheduledValue(null), new WakeupScheduledValue(at));

        // Assert
        Assert.NotNull(time);
        Assert.StartsWith("value.Caller.IsOperator:", type);
        Assert.StartsWith("value.DueAt: expected <null>", nullVersusValue);
    }

    private sealed record WakeupScheduledValue(DateTimeOffset? DueAt);
}
