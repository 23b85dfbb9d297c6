using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;
using ActorSubs.Node.Api;
using ActorSubs.Node.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using static ActorSubs.Cluster.Stores.StoreLinkProtocol;

namespace ActorSubs.Node.Stores;

/// <summary>What the store is told happened to its notification (the body of the 200).</summary>
public sealed record StoreNotificationOutcome(string Outcome, string? Reason = null)
{
    public static readonly StoreNotificationOutcome Applied = new("applied");

    public static readonly StoreNotificationOutcome Ignored = new("ignored");

    public static StoreNotificationOutcome Parked(string reason) => new("parked", reason);
}

/// <summary>
/// Takes a mapped notification to its account (docs/rules.md, "Store notifications"): through the link of the store's
/// subscription if there is one, otherwise through the account token it carries (or, for Cleverbridge, the account id),
/// linking the subscription to that account first (the first link wins). Each store change is applied with
/// <c>ApplyStoreNotification</c> and answered only after the account's write. A notification no account can be found for
/// is parked, and the store is still answered 200: it must not retry it forever.
/// </summary>
public sealed class StoreNotificationDelivery(
    IRequiredActor<StoreLinkEntity> links, StoreAccountTokenIndex tokens, ParkedNotifications parked,
    AccountClient accounts, IOptions<ApiOptions> options, ILogger<StoreNotificationDelivery> log)
{
    public async Task<StoreNotificationOutcome> DeliverAsync(StoreMapping mapping, CancellationToken cancellation) =>
        mapping switch
        {
            StoreMapping.Ignored => StoreNotificationOutcome.Ignored,
            StoreMapping.UnknownProduct u =>
                await ParkAsync(u.Subscription, u.NotificationId, ParkReasons.UnknownProduct, u.Subscription.Key.Value, cancellation),
            StoreMapping.Mapped mapped => await ApplyAsync(mapped, cancellation),
            _ => throw new InvalidOperationException($"unknown mapping {mapping.GetType().Name}"),
        };

    private async Task<StoreNotificationOutcome> ApplyAsync(StoreMapping.Mapped mapped, CancellationToken cancellation)
    {
        var subscription = mapped.Subscription;
        var firstId = mapped.Notifications[0].NotificationId;
        var accountId = (await AskLinksAsync<Resolved>(new Resolve(subscription.Key), cancellation)).AccountId;
        if (accountId is null)
        {
            var (found, reason, reference) = await AccountOfAsync(subscription, cancellation);
            if (found is null) return await ParkAsync(subscription, firstId, reason!, reference!, cancellation);
            // Linked: the first link, or the same one again; any other answer: the subscription is another account's.
            if (await AskLinksAsync<object>(new Link(subscription.Key, found), cancellation) is not Linked)
                return await ParkAsync(subscription, firstId, ParkReasons.LinkRefused, subscription.Key.Value, cancellation);
            accountId = found;
        }

        foreach (var notification in mapped.Notifications)
        {
            try
            {
                await accounts.ExecuteAsync(accountId, new AccountCommands.ApplyStoreNotification(notification), Caller.Operator, cancellation);
            }
            catch (ApiProblem problem) when (problem.Code == RejectionCodes.AccountNotFound)
            {
                var reference = subscription.AccountId ?? subscription.AccountToken ?? subscription.Key.Value;
                return await ParkAsync(subscription, notification.NotificationId, ParkReasons.AccountNotFound, reference, cancellation);
            }
        }
        return StoreNotificationOutcome.Applied;
    }

    /// <summary>The account the notification itself names, or why there is none and what to file it under.</summary>
    private async Task<(string? AccountId, string? Reason, string? Reference)> AccountOfAsync(StoreSubscription subscription, CancellationToken cancellation)
    {
        if (subscription.AccountId is { } direct)
            return Identifier.IsValid(direct) ? (direct, null, null) : (null, ParkReasons.AccountNotFound, direct);
        if (subscription.AccountToken is not { Length: > 0 } token)
            return (null, ParkReasons.NoAccountLinked, subscription.Key.Value);
        if (!Guid.TryParse(token, out var uuid))
            return (null, ParkReasons.UnknownAccountToken, token);
        var account = await tokens.FindAccountAsync(uuid, cancellation);
        return account is null ? (null, ParkReasons.UnknownAccountToken, token) : (account, null, null);
    }

    /// <summary>
    /// The store link registry (the <c>store-link</c> shard region). Both its messages may be sent again: a resolve
    /// reads, and a link the registry already holds for the same account is answered <c>Linked</c> again.
    /// </summary>
    private Task<T> AskLinksAsync<T>(IWithStoreLinkId message, CancellationToken cancellation) =>
        links.ActorRef.AskOrUnavailableAsync<T>(message, message.GetType().Name, repeatable: true, "The store link registry",
            options.Value, log, cancellation);

    private async Task<StoreNotificationOutcome> ParkAsync(StoreSubscription subscription, string notificationId, string reason, string reference,
        CancellationToken cancellation)
    {
        await parked.ParkAsync(subscription.Key.Kind, notificationId, reason, reference, cancellation);
        return StoreNotificationOutcome.Parked(reason);
    }
}
