using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorSubs.Cluster.Tests.Support;

/// <summary>
/// A TestKit bound to the actor system of a generic host built with <c>AddAkka</c>, as <c>Akka.Hosting.TestKit.TestKit</c>
/// does, for xUnit 2; only what <see cref="AccountClusterSpec"/> uses.
/// <para>
/// Why not <c>Akka.Hosting.TestKit.TestKit</c> itself: version 1.5.73 is built on xUnit v3 (its constructor takes
/// v3's <c>ITestOutputHelper</c>, its <c>IAsyncLifetime</c> is v3's), and these specs run on xUnit 2 with
/// Akka.TestKit.Xunit2; the package is therefore not referenced. When the test projects move to xUnit v3, derive
/// from <c>Akka.Hosting.TestKit.TestKit</c> instead: <see cref="ConfigureAkka"/>, <see cref="ConfigureServices"/>,
/// <see cref="ActorRegistry"/> and <see cref="BeforeTestStart"/> have the same names and signatures there.
/// </para>
/// </summary>
public abstract class HostedTestKit : TestKitBase, Xunit.IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(20);

    private readonly string _actorSystemName;
    private IHost? _host;
    private bool _attaching;
    private bool _stopped;

    protected HostedTestKit(string actorSystemName)
        : base(new XunitAssertions(), (ActorSystem?)null, (ActorSystemSetup?)null, actorSystemName, null) =>
        _actorSystemName = actorSystemName;

    protected ActorRegistry ActorRegistry =>
        (_host ?? throw new InvalidOperationException("The host is not started yet.")).Services.GetRequiredService<ActorRegistry>();

    protected abstract void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider);

    protected abstract void ConfigureServices(HostBuilderContext context, IServiceCollection services);

    /// <summary>Runs once the host has started and the TestKit is bound to its actor system.</summary>
    protected virtual Task BeforeTestStart() => Task.CompletedTask;

    /// <summary>Runs after the host has stopped (and on a failed start): remove files and the like here.</summary>
    protected abstract Task AfterHostStopped();

    /// <summary>The base constructor asks for a system; the one of the host is bound in InitializeAsync instead.</summary>
    protected sealed override void InitializeTest(ActorSystem system, ActorSystemSetup config, string actorSystemName, string testActorName)
    {
        if (_attaching) base.InitializeTest(system, config, actorSystemName, testActorName);
    }

    async Task Xunit.IAsyncLifetime.InitializeAsync()
    {
        _host = new HostBuilder()
            .ConfigureServices((context, services) =>
            {
                ConfigureServices(context, services);
                services.AddAkka(_actorSystemName, (builder, provider) =>
                {
                    // The TestKit's own settings (akka.test.*) as a fallback under everything else.
                    builder.AddHocon(DefaultConfig, HoconAddMode.Append);
                    builder.ConfigureLoggers(loggers => loggers.LogLevel = Akka.Event.LogLevel.WarningLevel);
                    ConfigureAkka(builder, provider);
                });
            })
            .Build();

        try
        {
            using var startup = new CancellationTokenSource(StartupTimeout);
            await _host.StartAsync(startup.Token);
            _attaching = true;
            InitializeTest(_host.Services.GetRequiredService<ActorSystem>(), (ActorSystemSetup)null!, _actorSystemName, null!);
            await BeforeTestStart();
        }
        catch
        {
            await StopHostAsync();
            _host.Dispose();
            await AfterHostStopped();
            throw;
        }
    }

    async Task Xunit.IAsyncLifetime.DisposeAsync()
    {
        try
        {
            await StopHostAsync();
            _host?.Dispose();
        }
        finally
        {
            await AfterHostStopped();
        }
    }

    /// <summary>Stops the host (coordinated shutdown: the node leaves its cluster, the system terminates).</summary>
    protected async Task StopHostAsync()
    {
        if (_host is null || _stopped) return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token);
    }
}
