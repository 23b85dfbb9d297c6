using System.Collections.Concurrent;
using Akka.Event;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorSubs.Node.Tests.Fuzz;

/// <summary>
/// Collects what an in-process node logs at Error or above: Akka's actor failures and restarts (Akka's log events go to
/// the host's logging), ASP.NET Core's unhandled exceptions, the problem handler's <c>internal-error</c>. Added to the
/// node's own <see cref="ILoggerFactory"/> once it runs, which hands it to the loggers already created too, so the
/// fuzz specs can assert that nothing failed while they ran.
/// </summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    /// <summary>
    /// Attaches a new log to the node and proves it hears Akka: an error logged through the actor system must arrive
    /// (else an assertion of "no actor failure" would pass for want of hearing one). The proof is then cleared.
    /// </summary>
    public static async Task<ErrorLog> AttachToAsync(TestNode node)
    {
        var log = new ErrorLog();
        node.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
        var marker = $"fuzz error-log check {Guid.NewGuid():N}";
        node.Services.GetRequiredService<Akka.Actor.ActorSystem>().Log.Error(marker);
        await Eventually.UntilAsync(() => Task.FromResult(log._entries.Any(e => e.Contains(marker, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), "an error logged through Akka reaching the fuzz's error log");
        log._entries.Clear();
        return log;
    }

    public void AssertEmpty(string during) =>
        Assert.True(_entries.IsEmpty, $"the node logged {_entries.Count} error(s) during {during}:\n" + string.Join("\n", _entries.Take(10)));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
