using Akka.Hosting;

namespace ActorSubs.Cluster.Serialization;

public static class SerializationHosting
{
    /// <summary>
    /// The journal's JSON serializer for the persisted types, and <see cref="WireSerializer"/> (Hyperion with an
    /// allow-list) for every other message between nodes.
    /// </summary>
    /// <remarks>
    /// Akka's reference configuration binds <c>System.Object</c> to its Newtonsoft serializer. Binding the wire serializer to
    /// <c>object</c> through <c>WithCustomSerializer</c> replaced that binding after it was made, and Akka warned at every
    /// start ("Serializer for type [System.Object] are being overriden"). Instead the serializer is registered without types
    /// and the <c>System.Object</c> entry of <c>serialization-bindings</c> itself names it, so the one binding Akka makes for
    /// <c>object</c> is ours and nothing is overridden. HOCON because only it can replace an entry of the reference bindings.
    /// </remarks>
    public static AkkaConfigurationBuilder WithActorSubsSerializers(this AkkaConfigurationBuilder builder) =>
        builder
            .WithCustomSerializer("actorsubs-journal", JournalJsonSerializer.BoundTypes, system => new JournalJsonSerializer(system))
            .WithCustomSerializer(WireSerializer.Name, [], WireSerializer.Create)
            .AddHocon($$"""akka.actor.serialization-bindings { "System.Object" = {{WireSerializer.Name}} }""", HoconAddMode.Prepend);
}
