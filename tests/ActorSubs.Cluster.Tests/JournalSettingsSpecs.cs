using ActorSubs.Cluster.Tests.Support;

namespace ActorSubs.Cluster.Tests;

/// <summary>The journal settings the plugin has no typed option for reach it through the node's own configuration.</summary>
public sealed class JournalSettingsSpecs : AccountClusterSpec
{
    [Fact]
    public void The_journal_queues_the_configured_number_of_writes_with_one_writer_on_SQLite()
    {
        var journal = Sys.Settings.Config.GetConfig("akka.persistence.journal.sql");

        Assert.Equal(20_000, journal.GetInt("buffer-size"));
        Assert.Equal(1, journal.GetInt("parallelism"));
    }
}
