using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;
using ActorSubs.Node.Api;
using ActorSubs.Node.Configuration;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores;

/// <summary>The HTTP side's door to the store link registry (the <c>store-link</c> shard region).</summary>
public sealed class StoreLinks(IRequiredActor<StoreLinkEntity> region, IOptions<ApiOptions> options, ILogger<StoreLinks> log)
{
    /// <summary>The account the key is linked to, or null.</summary>
    public async Task<string?> ResolveAsync(StoreLinkKey key, CancellationToken cancellation) =>
        ((StoreLinkProtocol.Resolved)await AskAsync(new StoreLinkProtocol.Resolve(key), cancellation)).AccountId;

    /// <summary>True when the key is now linked to the account (first link, or the same one again); false when it belongs to another.</summary>
    public async Task<bool> LinkAsync(StoreLinkKey key, string accountId, CancellationToken cancellation) =>
        await AskAsync(new StoreLinkProtocol.Link(key, accountId), cancellation) is StoreLinkProtocol.Linked;

    private async Task<object> AskAsync(IWithStoreLinkId message, CancellationToken cancellation)
    {
        try
        {
            return await region.ActorRef.Ask<object>(message, options.Value.AskTimeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            log.LogWarning("The store link registry did not answer for {LinkId} within {Timeout}", message.LinkId, options.Value.AskTimeout);
            throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, RejectionCodes.Unavailable, "Temporarily unavailable.",
                "The store link registry did not answer in time; retry.");
        }
    }
}
