using ActorSubs.Cluster.Hosting;

namespace ActorSubs.Node.Tests;

/// <summary>What a person sees when a node starts: one line that says where it is, and no warnings about our own set-up.</summary>
public sealed class StartupLogSpecs
{
    [Fact]
    public async Task A_development_node_says_in_one_line_its_url_journal_file_cluster_address_and_operator_key()
    {
        using var database = TestDatabase.Sqlite();
        await using var node = await NodeProcess.StartAsync(database, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ActorSubs__Admin__ApiKey"] = "",
        });

        var line = await Eventually.AsyncValue(() => Task.FromResult(StartLine(node.Output)), l => l is not null,
            TimeSpan.FromSeconds(20), "the start-up line");
        var file = Path.GetFullPath(database.ConnectionString["Data Source=".Length..]);
        var startOutput = node.Output;
        await node.TerminateAsync();
        await node.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(node.BaseAddress.ToString().TrimEnd('/'), line);
        Assert.Contains($"journal SQLite {file}", line);
        Assert.Matches(@"cluster akka\.tcp://actorsubs@127\.0\.0\.1:\d+ \(no roles; a cluster of one\)", line);
        Assert.Contains("operator key dev-operator-key", line);
        // Akka warned at every start that a serializer binding was replaced, and (at start and at stop) that the wake-up
        // clock's proxy had not found its singleton "after 30 seconds" in the millisecond it began to look. A clean start
        // and stop warn of nothing.
        var warnings = AkkaWarnings(node.Output);
        Assert.True(warnings.Length == 0, "Akka warned:\n" + string.Join('\n', warnings));
        // Akka's and the host's Information lines are below the configured levels (appsettings.json): the line above is the start.
        Assert.DoesNotContain("[INFO]", startOutput);
        Assert.DoesNotContain("info: Microsoft.Hosting.Lifetime", startOutput);
    }

    [Fact]
    public async Task A_node_with_its_own_key_never_logs_it()
    {
        using var database = TestDatabase.Sqlite();
        await using var node = await NodeProcess.StartAsync(database, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        var line = await Eventually.AsyncValue(() => Task.FromResult(StartLine(node.Output)), l => l is not null,
            TimeSpan.FromSeconds(20), "the start-up line");

        Assert.DoesNotContain("operator key", line);
        Assert.DoesNotContain(TestKeys.Operator, node.Output);
    }

    [Fact]
    public void A_postgres_journal_is_described_by_host_port_and_database_without_its_password()
    {
        var settings = new PersistenceSettings
        {
            Provider = PersistenceProvider.PostgreSql,
            ConnectionString = "Host=db.internal;Port=5433;Database=actorsubs;Username=node;Password=s3cret-pw",
        };

        Assert.Equal("PostgreSQL db.internal:5433/actorsubs", settings.Describe());
    }

    /// <summary>
    /// Akka's warning lines, except the heartbeat sender's "scheduled sending of heartbeat was delayed": it measures the
    /// machine (a start's JIT on a CPU shared with parallel test runs), not the node's set-up.
    /// </summary>
    private static string[] AkkaWarnings(string output) =>
        output.Split('\n')
            .Where(l => l.Contains("[WARNING]", StringComparison.Ordinal))
            .Where(l => !l.Contains("Scheduled sending of heartbeat was delayed", StringComparison.Ordinal))
            .ToArray();

    private static string? StartLine(string output) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ActorSubs node on ", StringComparison.Ordinal));
}
