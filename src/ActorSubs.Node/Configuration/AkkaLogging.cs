using Akka.Hosting;

namespace ActorSubs.Node.Configuration;

public static class AkkaLogging
{
    /// <summary>
    /// Akka's log events go to the host's logging (category <c>Akka.Actor.ActorSystem</c>) instead of Akka's own stdout
    /// logger, so <c>Logging:LogLevel:Akka</c> in appsettings.json decides which are shown, like any other category.
    /// Akka itself still emits from Info up: the level is chosen in one place, the configuration.
    /// </summary>
    public static AkkaConfigurationBuilder WithHostLogging(this AkkaConfigurationBuilder akka) =>
        akka.ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
            loggers.ClearLoggers();
            loggers.AddLoggerFactory();
        });
}
