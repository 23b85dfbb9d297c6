using System.Reflection;
using System.Runtime.Serialization;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Licences;
using ActorSubs.Cluster.Serialization;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Serialization;
using DisabledTypeFilter = Hyperion.DisabledTypeFilter;
using UserEvilDeserializationException = Hyperion.Internal.UserEvilDeserializationException;
using static ActorSubs.Cluster.Tests.Support.Equivalence;

namespace ActorSubs.Cluster.Tests;

/// <summary>A type outside the allow-list: it lives in the test assembly, which the wire allow-list does not name.</summary>
public sealed record SmuggledPayload(string Command, int Count);

/// <summary>An account command the allow-list does not know, hidden inside an allowed <c>Execute</c>.</summary>
public sealed record SmuggledCommand(string Script) : IAccountCommand;

/// <summary>A stand-in session actor: answers whatever it is sent, so a spec can tell that a ref reaches it.</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(message => Sender.Tell(message));
}

/// <summary>
/// Messages between nodes: Hyperion, restricted to the allow-list of <see cref="WireSerializer"/>. Every message
/// type of the account, licence and gateway protocols survives the trip, live actor refs included; anything else
/// is refused on arrival.
/// </summary>
public sealed class WireSerializationSpecs(SerializationNode node) : IClassFixture<SerializationNode>
{
    private static readonly IReadOnlyDictionary<string, object> Messages =
        Samples.EveryWireMessage().ToDictionary(m => m.Name, m => m.Message);

    public static TheoryData<string> MessageNames() => [.. Messages.Keys];

    private Serializer WireSerializerInstance =>
        node.System.Serialization.FindSerializerFor(new AccountProtocol.Execute("a", new AccountCommands.SetAutoRenew(true), Caller.Operator));

    [Fact]
    public void Account_messages_are_bound_to_the_allow_listed_hyperion_serializer()
    {
        // Act
        var serializer = WireSerializerInstance;

        // Assert
        Assert.IsType<HyperionSerializer>(serializer);
        Assert.Equal(serializer.Identifier, node.System.Serialization.FindSerializerFor(new LicenceProtocol.Claim("K", "a")).Identifier);
    }

    [Fact]
    public void Samples_cover_every_message_type_of_the_three_protocols_and_every_command()
    {
        // Arrange
        var protocolTypes = typeof(AccountProtocol).GetNestedTypes(BindingFlags.Public)
            .Concat(typeof(LicenceProtocol).GetNestedTypes(BindingFlags.Public))
            .Concat(typeof(GatewayProtocol).GetNestedTypes(BindingFlags.Public))
            .Where(t => !t.IsAbstract)
            .Append(typeof(Caller));
        var commandTypes = typeof(IAccountCommand).Assembly.GetTypes()
            .Where(t => typeof(IAccountCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });

        // Act: every type a sample holds, at any depth (a command inside an Execute, a view inside a reply).
        var sampled = new HashSet<Type>();
        foreach (var message in Messages.Values) CollectTypes(message, sampled);

        // Assert
        Assert.Empty(protocolTypes.Concat(commandTypes).Where(t => !sampled.Contains(t)).Select(t => t.FullName));
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_round_trips_through_the_wire_serializer(string name)
    {
        // Arrange
        var message = Messages[name];
        var serializer = node.System.Serialization.FindSerializerFor(message);

        // Act
        var bytes = serializer.ToBinary(message);
        var back = serializer.FromBinary(bytes, message.GetType());

        // Assert
        // Same binding (identifier and kind); not necessarily the same instance: Akka's serializer lookup cache
        // occasionally hands out another instance of the same registration, which is equally filtered.
        Assert.IsType<HyperionSerializer>(serializer);
        Assert.Equal(WireSerializerInstance.Identifier, serializer.Identifier);
        AssertSame(message, back);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_written_by_a_peer_is_accepted_on_arrival(string name)
    {
        // Arrange: the receiving half alone. The bytes come from a peer with the same wire format and no filter.
        var message = Messages[name];
        var bytes = UnfilteredPeer().ToBinary(message);

        // Act
        var back = WireSerializerInstance.FromBinary(bytes, message.GetType());

        // Assert
        AssertSame(message, back);
    }

    public static TheoryData<string> NamesOfMessagesCarryingARef() => [.. Samples.MessagesCarrying(ActorRefs.Nobody).Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(NamesOfMessagesCarryingARef))]
    public async Task Message_carrying_a_live_actor_ref_round_trips_and_the_ref_still_reaches_its_actor(string name)
    {
        // Arrange: a real session actor of this node (not Nobody), so the ref goes on the wire as Akka's
        // ActorRefBase.Surrogate, which the allow-list must accept both when sending and on arrival.
        var session = node.System.ActorOf(Props.Create(() => new EchoActor()));
        try
        {
            var message = Samples.MessagesCarrying(session).Single(m => m.Name == name).Message;
            var serializer = WireSerializerInstance;

            // Act
            var bytes = serializer.ToBinary(message);
            var back = serializer.FromBinary(bytes, message.GetType());
            var fromPeer = serializer.FromBinary(UnfilteredPeer().ToBinary(message), message.GetType());

            // Assert: the ref travelled as the surrogate, the message came back the same, and the ref it carries is
            // the live actor's (same path and uid) and still reaches it.
            Assert.Equal(serializer.Identifier, node.System.Serialization.FindSerializerFor(message).Identifier);
            Assert.Contains(typeof(ActorRefBase.Surrogate).FullName!, System.Text.Encoding.UTF8.GetString(bytes));
            AssertSame(message, back);
            AssertSame(message, fromPeer);
            var carried = Assert.Single(ActorRefsIn(back));
            Assert.NotSame(ActorRefs.Nobody, carried);
            Assert.Equal(session.Path.Uid, carried.Path.Uid);
            Assert.Equal(session, carried);
            Assert.Equal("ping " + name, await carried.Ask<string>("ping " + name, TimeSpan.FromSeconds(5)));
        }
        finally
        {
            node.System.Stop(session);
        }
    }

    /// <summary>What the allow-list now holds beside our message types: arrays of our types and Akka's ref surrogates.</summary>
    public static TheoryData<string> AllowedBesideOurMessages() =>
    [
        typeof(Notification[]).AssemblyQualifiedName!, typeof(HostView[]).AssemblyQualifiedName!, typeof(string[]).AssemblyQualifiedName!,
        typeof(ActorRefBase.Surrogate).AssemblyQualifiedName!, typeof(Nobody.NobodySurrogate).AssemblyQualifiedName!,
        typeof(GatewayProtocol.Attached).AssemblyQualifiedName!,
    ];

    [Theory]
    [MemberData(nameof(AllowedBesideOurMessages))]
    public void Allow_list_accepts_arrays_of_our_types_and_the_actor_ref_surrogates_by_full_name(string assemblyQualifiedName)
    {
        // Act
        var allowed = WireSerializer.AllowList().IsAllowed(assemblyQualifiedName);

        // Assert
        Assert.True(allowed, $"the allow-list refuses '{assemblyQualifiedName}'");
    }

    [Fact]
    public void Allow_list_does_not_name_foreign_types_or_their_arrays()
    {
        // Arrange
        var filter = WireSerializer.AllowList();

        // Act
        var allowed = new[] { typeof(SmuggledPayload), typeof(SmuggledPayload[]), typeof(object[]), typeof(System.Diagnostics.Process) }
            .Where(t => filter.IsAllowed(t.AssemblyQualifiedName!))
            .Select(t => t.FullName)
            .ToArray();

        // Assert
        Assert.Empty(allowed);
    }

    [Fact]
    public void Allow_list_accepts_the_type_name_hyperion_checks_when_sending()
    {
        // Arrange: Hyperion 0.12.2 checks an outgoing object with ITypeFilter.IsAllowed(type.AssemblyQualifiedName),
        // the full name with Version, Culture and PublicKeyToken; an incoming one with its short wire name.
        var filter = WireSerializer.AllowList();
        var type = typeof(AccountProtocol.Execute);

        // Act
        var allowedWhenSending = filter.IsAllowed(type.AssemblyQualifiedName!);

        // Assert
        Assert.True(allowedWhenSending, $"the allow-list refuses '{type.AssemblyQualifiedName}', so no Execute can be sent");
    }

    [Fact]
    public void Type_outside_the_allow_list_is_refused_on_arrival()
    {
        // Arrange: a peer that does not filter (or a forged frame) sends a type we never allowed.
        var bytes = UnfilteredPeer().ToBinary(new SmuggledPayload("rm -rf /", 1));

        // Act
        var refusal = Record.Exception(() => WireSerializerInstance.FromBinary(bytes, typeof(object)));

        // Assert: Akka's HyperionSerializer wraps Hyperion's refusal in a SerializationException.
        Assert.IsType<SerializationException>(refusal);
        var cause = Assert.IsType<UserEvilDeserializationException>(Innermost(refusal));
        Assert.Contains(typeof(SmuggledPayload).FullName!, cause.Message);
    }

    [Fact]
    public void Foreign_command_inside_an_allowed_execute_is_refused_on_arrival()
    {
        // Arrange
        var bytes = UnfilteredPeer().ToBinary(new AccountProtocol.Execute("acc-1", new SmuggledCommand("drop"), Caller.Operator));

        // Act
        var refusal = Record.Exception(() => WireSerializerInstance.FromBinary(bytes, typeof(AccountProtocol.Execute)));

        // Assert
        Assert.IsType<SerializationException>(refusal);
        var cause = Assert.IsType<UserEvilDeserializationException>(Innermost(refusal));
        Assert.Contains(typeof(SmuggledCommand).FullName!, cause.Message);
    }

    [Fact]
    public void Array_of_a_type_outside_the_allow_list_is_refused_on_arrival()
    {
        // Arrange: arrays of our types are allowed now; an array of anything else must not be.
        var bytes = UnfilteredPeer().ToBinary(new[] { new SmuggledPayload("rm -rf /", 1) });

        // Act
        var refusal = Record.Exception(() => WireSerializerInstance.FromBinary(bytes, typeof(object)));

        // Assert
        Assert.IsType<SerializationException>(refusal);
        var cause = Assert.IsType<UserEvilDeserializationException>(Innermost(refusal));
        Assert.Contains(typeof(SmuggledPayload).FullName!, cause.Message);
    }

    [Fact]
    public void Type_outside_the_allow_list_is_refused_when_sending()
    {
        // Act
        var refusal = Record.Exception(() => WireSerializerInstance.ToBinary(new SmuggledPayload("x", 1)));

        // Assert
        Assert.IsType<UserEvilDeserializationException>(refusal);
    }

    private static void CollectTypes(object? value, HashSet<Type> types)
    {
        if (value is null) return;
        types.Add(value.GetType());
        if (value is string) return;
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items) CollectTypes(item, types);
            return;
        }
        if (value.GetType().Assembly.GetName().Name?.StartsWith("ActorSubs.", StringComparison.Ordinal) != true) return;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.GetIndexParameters().Length == 0) CollectTypes(property.GetValue(value), types);
    }

    /// <summary>The distinct refs a message carries, the letters of a relayed batch included.</summary>
    private static IEnumerable<IActorRef> ActorRefsIn(object message) => message is GatewayProtocol.ForSessions mail
        ? mail.Letters.Select(letter => letter.Session).Distinct()
        : message.GetType().GetProperties()
            .Where(p => p.PropertyType == typeof(IActorRef))
            .Select(p => (IActorRef)p.GetValue(message)!);

    private static Exception Innermost(Exception? error)
    {
        Assert.NotNull(error);
        while (error.InnerException is not null) error = error.InnerException;
        return error;
    }

    /// <summary>The production wire settings without the allow-list: what an unfiltered or hostile peer sends.</summary>
    private HyperionSerializer UnfilteredPeer() => new((ExtendedActorSystem)node.System, new HyperionSerializerSettings(
        preserveObjectReferences: false,
        versionTolerance: true,
        knownTypesProvider: HyperionSerializerSettings.Default.KnownTypesProvider,
        packageNameOverrides: [],
        surrogates: [],
        disallowUnsafeType: false,
        typeFilter: DisabledTypeFilter.Instance));
}
