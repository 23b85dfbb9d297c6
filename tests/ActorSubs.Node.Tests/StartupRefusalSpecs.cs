namespace ActorSubs.Node.Tests;

/// <summary>
/// A node outside Development refuses to start without a real operator key or a named payment provider
/// (docs/configuration.md): run as a real process in Production, it exits with a failure code and its output names the
/// key to set, before it ever answers.
/// </summary>
public sealed class StartupRefusalSpecs
{
    private const string KeyVariable = "ActorSubs__Admin__ApiKey";

    [Fact]
    public async Task A_production_node_without_an_operator_key_exits_with_a_failure_naming_the_key()
    {
        using var database = TestDatabase.Sqlite();

        await using var node = await NodeProcess.StartRefusedAsync(database, new Dictionary<string, string>(), unset: [KeyVariable],
            within: TimeSpan.FromSeconds(60));

        Assert.True(node.ExitCode != 0, $"exit code {node.ExitCode}:\n{node.Output}");
        Assert.Contains("ActorSubs:Admin:ApiKey is required outside Development", node.Output);
    }

    [Fact]
    public async Task A_production_node_without_a_payment_provider_exits_with_a_failure_naming_the_key()
    {
        using var database = TestDatabase.Sqlite();

        await using var node = await NodeProcess.StartRefusedAsync(database, new Dictionary<string, string>(),
            unset: ["ActorSubs__Payments__Provider"], within: TimeSpan.FromSeconds(60));

        Assert.True(node.ExitCode != 0, $"exit code {node.ExitCode}:\n{node.Output}");
        Assert.Contains("ActorSubs:Payments:Provider is required outside Development", node.Output);
    }

    [Fact]
    public async Task A_production_node_with_a_short_operator_key_exits_with_a_failure_naming_the_key_and_its_minimum()
    {
        using var database = TestDatabase.Sqlite();

        await using var node = await NodeProcess.StartRefusedAsync(database, new Dictionary<string, string> { [KeyVariable] = "short-key" },
            unset: [], within: TimeSpan.FromSeconds(60));

        Assert.True(node.ExitCode != 0, $"exit code {node.ExitCode}:\n{node.Output}");
        Assert.Contains("ActorSubs:Admin:ApiKey must be at least 16 characters", node.Output);
    }
}
