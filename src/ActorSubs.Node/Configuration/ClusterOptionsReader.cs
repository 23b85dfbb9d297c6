using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Configuration;

public static class ClusterOptionsReader
{
    /// <summary>
    /// The actor system's settings, from the container: Akka.Hosting builds the system when the host starts, after
    /// <c>ValidateOnStart</c> has checked every section, so these are the bound and validated values.
    /// </summary>
    public static ActorSubsClusterOptions ReadClusterOptions(this IServiceProvider services) =>
        new(Value<ClusterSettings>(services), Value<PersistenceSettings>(services), Value<EntitySettings>(services),
            Value<SubscriptionOptions>(services))
        {
            Prompts = Value<PromptOptions>(services),
            Payments = Value<PaymentOptions>(services),
            Wakeups = Value<WakeupOptions>(services),
        };

    private static T Value<T>(IServiceProvider services) where T : class => services.GetRequiredService<IOptions<T>>().Value;
}
