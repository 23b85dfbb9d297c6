using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Hosting;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorSubs.Cluster.Tests.Support;

/// <summary>
/// A whole node as production builds it (generic host, <c>AddAkka</c>, <c>AddActorSubsCluster</c>), outside any
/// TestKit: the "process after a restart" of the recovery specs, and the actor system of the serializer specs.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private ClusterNode(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<ActorRegistry>();
    }

    public ActorSystem System { get; }

    public ActorRegistry Registry { get; }

    public IActorRef Accounts => Registry.Get<AccountEntity>();

    public static async Task<ClusterNode> StartAsync(ActorSubsClusterOptions options, TimeProvider clock, bool waitUntilUp = true,
        IPaymentChannels? payments = null)
    {
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton(clock);
                services.AddSingleton(payments ?? new SimulatedPaymentChannels(new SimulatedPaymentOptions()));
                services.AddAkka(ClusterSettings.SystemName, (builder, _) =>
                {
                    builder.ConfigureLoggers(loggers => loggers.LogLevel = Akka.Event.LogLevel.WarningLevel);
                    builder.AddActorSubsCluster(options);
                });
            })
            .Build();
        using (var startup = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            await host.StartAsync(startup.Token);

        var node = new ClusterNode(host);
        if (waitUntilUp) await node.WaitUntilUpAsync(TimeSpan.FromSeconds(15));
        return node;
    }

    public async Task WaitUntilUpAsync(TimeSpan timeout)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(System).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(timeout);
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
