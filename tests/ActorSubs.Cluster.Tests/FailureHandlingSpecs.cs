using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using Akka.Cluster.SBR;
using Microsoft.Data.Sqlite;

namespace ActorSubs.Cluster.Tests;

/// <summary>
/// The failure-detection and split-brain settings are read back from the running actor system, the way Akka itself
/// parses them: a HOCON typo or an option the hosting API drops would otherwise leave Akka's defaults (49 s failover)
/// in place without a sound. Values differ from both our defaults and Akka's, so each one is seen to arrive.
/// </summary>
public sealed class FailureHandlingSpecs : IAsyncLifetime
{
    private static readonly FailureDetectionSettings Configured = new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(700),
        AcceptableHeartbeatPause = TimeSpan.FromMilliseconds(2500),
        StableAfter = TimeSpan.FromSeconds(6),
        DownAllWhenUnstable = TimeSpan.FromSeconds(5),
        DownRemovalMargin = TimeSpan.FromMilliseconds(1500),
        GossipInterval = TimeSpan.FromMilliseconds(400),
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "actorsubs-failure-handling", Guid.NewGuid().ToString("N"));
    private ClusterNode _node = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _node = await ClusterNode.StartAsync(new ActorSubsClusterOptions(
            new ClusterSettings { Port = 0, FailureDetection = Configured },
            new PersistenceSettings { Provider = PersistenceProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_folder, "journal.db")}" },
            new EntitySettings { NumberOfShards = 4 },
            new SubscriptionOptions()), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* cleaned by the OS later */ }
    }

    [Fact]
    public void The_cluster_runs_the_keep_majority_resolver_with_the_configured_timings()
    {
        var cluster = Akka.Cluster.Cluster.Get(_node.System);
        var config = _node.System.Settings.Config;

        Assert.Equal(typeof(SplitBrainResolverProvider), cluster.Settings.DowningProviderType);
        Assert.IsType<SplitBrainResolverProvider>(cluster.DowningProvider);
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(Configured.StableAfter, config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(Configured.DownAllWhenUnstable, config.GetTimeSpan("akka.cluster.split-brain-resolver.down-all-when-unstable"));
        // What sharding and singletons wait after a removal: the margin, not stable-after (Akka's fallback).
        Assert.Equal(Configured.DownRemovalMargin, cluster.DowningProvider.DownRemovalMargin);
    }

    [Fact]
    public void The_cluster_failure_detector_runs_with_the_configured_heartbeat_and_pause_and_akkas_other_defaults()
    {
        var settings = Akka.Cluster.Cluster.Get(_node.System).Settings;

        Assert.Equal(Configured.HeartbeatInterval, settings.HeartbeatInterval);
        Assert.Equal(Configured.AcceptableHeartbeatPause, settings.FailureDetectorConfig.GetTimeSpan("acceptable-heartbeat-pause"));
        Assert.Equal(8.0, settings.FailureDetectorConfig.GetDouble("threshold"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.FailureDetectorConfig.GetTimeSpan("min-std-deviation"));
    }

    [Fact]
    public void Gossip_leader_actions_and_the_unreachable_reaper_run_at_the_configured_interval()
    {
        var settings = Akka.Cluster.Cluster.Get(_node.System).Settings;

        Assert.Equal(Configured.GossipInterval, settings.GossipInterval);
        Assert.Equal(Configured.GossipInterval, settings.LeaderActionsInterval);
        Assert.Equal(Configured.GossipInterval, settings.UnreachableNodesReaperInterval);
    }

    [Fact]
    public void A_downed_node_shuts_its_actor_system_down_so_the_host_stops_and_the_process_can_be_restarted()
    {
        var settings = Akka.Cluster.Cluster.Get(_node.System).Settings;
        var config = _node.System.Settings.Config;

        Assert.True(settings.RunCoordinatedShutdownWhenDown);
        Assert.True(config.GetBoolean("akka.coordinated-shutdown.terminate-actor-system"));
        // SIGTERM belongs to the host, which drains the gateway before it stops Akka.
        Assert.False(config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
    }

    [Fact]
    public void Shard_coordinators_write_to_a_plain_majority_and_read_from_every_node()
    {
        var sharding = Akka.Cluster.Sharding.ClusterShardingSettings.Create(_node.System);
        var config = _node.System.Settings.Config;

        Assert.Equal(0, sharding.TuningParameters.CoordinatorStateWriteMajorityPlus);
        Assert.Equal(5, sharding.TuningParameters.CoordinatorStateReadMajorityPlus);
        Assert.Equal(2, config.GetInt("akka.cluster.sharding.distributed-data.majority-min-cap"));
    }

    [Fact]
    public void The_defaults_are_the_ones_docs_cluster_md_budgets_for()
    {
        var defaults = new FailureDetectionSettings();

        Assert.Equal(TimeSpan.FromMilliseconds(500), defaults.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), defaults.AcceptableHeartbeatPause);
        Assert.Equal(TimeSpan.FromSeconds(3), defaults.StableAfter);
        Assert.Equal(TimeSpan.FromSeconds(4), defaults.DownAllWhenUnstable);
        Assert.Equal(TimeSpan.FromSeconds(1), defaults.DownRemovalMargin);
        Assert.Equal(TimeSpan.FromMilliseconds(500), defaults.GossipInterval);
        Assert.Empty(defaults.Validate());
    }
}
