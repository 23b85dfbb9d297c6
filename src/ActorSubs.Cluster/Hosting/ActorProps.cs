using Akka.Actor;

namespace ActorSubs.Cluster.Hosting;

/// <summary>
/// Props that build their actor with a plain delegate. Akka's <c>Props.Create(() =&gt; new T(...))</c> takes the
/// expression apart every time it is called: an argument that is more than a captured variable (a property of one, a
/// method call) is compiled to IL and JIT-compiled, and the actor is then built by reflection. Entities, wake-up
/// buckets and gateway sessions are created many times a second, so their props come from here instead.
/// </summary>
public static class ActorProps
{
    public static Props Of<TActor>(Func<TActor> create) where TActor : ActorBase =>
        Props.CreateBy(new DelegateProducer<TActor>(create));

    private sealed class DelegateProducer<TActor>(Func<TActor> create) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
            // Nothing to release: the actor owns what it was given.
        }
    }
}
