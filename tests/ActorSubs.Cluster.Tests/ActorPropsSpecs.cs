using System.Runtime;
using ActorSubs.Cluster.Hosting;
using Akka.Actor;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// Props for actors created many times a second (entities, wake-up buckets, gateway sessions): each actor comes from
/// its delegate, and making the props compiles nothing. Akka's expression props compile an argument that is more than
/// a captured variable at every call; the last spec shows the count used here sees that.
/// </summary>
public sealed class ActorPropsSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const int Rounds = 200;

    private sealed record Settings(string Greeting);

    private sealed class Holder(Settings settings)
    {
        public Settings Settings { get; } = settings;
    }

    private sealed class Greeter : ReceiveActor
    {
        public Greeter(string name, Settings settings) =>
            Receive<string>(_ => Sender.Tell($"{settings.Greeting} {name} {GetHashCode()}"));
    }

    private readonly Holder _holder = new(new Settings("hello"));

    private static string NameOf(int i) => $"greeter-{i}";

    [Fact]
    public async Task Each_actor_is_a_fresh_one_built_by_the_delegate()
    {
        var built = 0;
        var props = ActorProps.Of(() =>
        {
            built++;
            return new Greeter("ada", _holder.Settings);
        });

        var first = await Sys.ActorOf(props).Ask<string>("hi", TimeSpan.FromSeconds(5));
        var second = await Sys.ActorOf(props).Ask<string>("hi", TimeSpan.FromSeconds(5));

        Assert.Equal(2, built);
        Assert.StartsWith("hello ada ", first);
        Assert.StartsWith("hello ada ", second);
        Assert.NotEqual(first, second);
        Assert.Equal(typeof(Greeter), props.Type);
    }

    [Fact]
    public void Making_the_props_compiles_nothing()
    {
        ActorProps.Of(() => new Greeter(NameOf(0), _holder.Settings)); // the generic instantiation's own code, once

        var compiled = CompiledOnThisThreadWhile(() =>
        {
            for (var i = 1; i <= Rounds; i++) ActorProps.Of(() => new Greeter(NameOf(i), _holder.Settings));
        });

        Assert.True(compiled < 5, $"{compiled} methods compiled for {Rounds} props");
    }

    [Fact]
    public void Akkas_expression_props_compile_each_time_an_argument_is_a_call_or_a_nested_property()
    {
        Props.Create(() => new Greeter(NameOf(0), _holder.Settings));

        var compiled = CompiledOnThisThreadWhile(() =>
        {
            for (var i = 1; i <= Rounds; i++) Props.Create(() => new Greeter(NameOf(i), _holder.Settings));
        });

        Assert.True(compiled >= Rounds, $"only {compiled} methods compiled for {Rounds} props");
    }

    private static long CompiledOnThisThreadWhile(Action action)
    {
        var before = JitInfo.GetCompiledMethodCount(currentThread: true);
        action();
        return JitInfo.GetCompiledMethodCount(currentThread: true) - before;
    }
}
