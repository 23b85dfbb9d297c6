using ActorSubs.Cluster.Stores;
using ActorSubs.Node.Api;
using ActorSubs.Node.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores;

/// <summary>The HTTP side's door to the store link registry (the <c>store-link</c> shard region).</summary>
public sealed class StoreLinks(IRequiredActor<StoreLinkEntity> region, IOptions<ApiOptions> options, ILogger<StoreLinks> log)
{
    /// <summary>The account the key is linked to, or null.</summary>
    public async Task<string?> ResolveAsync(StoreLinkKey key, CancellationToken cancellation) =>
        (await AskAsync<StoreLinkProtocol.Resolved>(new StoreLinkProtocol.Resolve(key), cancellation)).AccountId;

    /// <summary>True when the key is now linked to the account (first link, or the same one again); false when it belongs to another.</summary>
    public async Task<bool> LinkAsync(StoreLinkKey key, string accountId, CancellationToken cancellation) =>
        await AskAsync<object>(new StoreLinkProtocol.Link(key, accountId), cancellation) is StoreLinkProtocol.Linked;

    private Task<T> AskAsync<T>(IWithStoreLinkId message, CancellationToken cancellation) =>
        region.ActorRef.AskOrUnavailableAsync<T>(message, options.Value.AskTimeout, "The store link registry", log, cancellation);
}
