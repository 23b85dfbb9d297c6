using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Domain;
using Akka.Actor;
using Microsoft.Data.Sqlite;

namespace ActorSubs.Cluster.Tests.Support;

/// <summary>
/// One production-wired actor system shared by a class of serializer specs: serialization needs the bindings of
/// <c>AddActorSubsCluster</c>, not a fresh cluster per case.
/// </summary>
public sealed class SerializationNode : Xunit.IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "actorsubs-cluster-specs", Guid.NewGuid().ToString("N"));
    private ClusterNode? _node;

    public ActorSystem System => (_node ?? throw new InvalidOperationException("not started")).System;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var options = new ActorSubsClusterOptions(
            new ClusterSettings { Port = 0 },
            new PersistenceSettings { Provider = PersistenceProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_folder, "actorsubs.db")}" },
            new EntitySettings(),
            new SubscriptionOptions());
        _node = await ClusterNode.StartAsync(options, TimeProvider.System, waitUntilUp: false);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
