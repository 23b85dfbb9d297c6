namespace ActorSubs.Testing;

/// <summary>A node a test reaches over HTTP and WebSockets, whether in the test's process or a process of its own.</summary>
public interface INodeAddress
{
    Uri BaseAddress { get; }
}

/// <summary>The operator key every test node is started with.</summary>
public static class TestKeys
{
    public const string Operator = "test-operator-key-0123456789";
}
