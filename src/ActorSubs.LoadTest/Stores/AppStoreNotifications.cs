namespace ActorSubs.LoadTest.Stores;

/// <summary>
/// The App Store Server Notifications V2 a run posts, signed by <see cref="AppStoreAuthority"/>: for a random account,
/// SUBSCRIBED the first time (it links the account's subscription), DID_RENEW afterwards, each a paid month from now
/// with a new transaction id and the account's storeAccountToken as <c>appAccountToken</c>. Safe for concurrent workers.
/// </summary>
public sealed class AppStoreNotifications(AppStoreAuthority apple, string bundleId, string productId, IReadOnlyList<string> accountTokens)
{
    private const string Environment = "Production";

    // Apple's transaction ids are digits; a random run number keeps runs against one database apart.
    private readonly long _run = Random.Shared.NextInt64(100_000, 1_000_000);
    private readonly int[] _sent = new int[accountTokens.Count];

    /// <summary>The next notification's request body, <c>{signedPayload}</c>.</summary>
    public object Next()
    {
        var account = Random.Shared.Next(accountTokens.Count);
        var sequence = Interlocked.Increment(ref _sent[account]);
        var original = $"{_run}{account:D7}";
        var now = DateTimeOffset.UtcNow;
        var transaction = apple.Sign(new
        {
            transactionId = $"{original}{sequence:D8}", originalTransactionId = original, bundleId, productId,
            purchaseDate = now.ToUnixTimeMilliseconds(), expiresDate = now.AddMonths(1).ToUnixTimeMilliseconds(),
            appAccountToken = accountTokens[account], environment = Environment, type = "Auto-Renewable Subscription",
            signedDate = now.ToUnixTimeMilliseconds(),
        });
        return new
        {
            signedPayload = apple.Sign(new
            {
                notificationType = sequence == 1 ? "SUBSCRIBED" : "DID_RENEW", subtype = sequence == 1 ? "INITIAL_BUY" : null,
                notificationUUID = Guid.NewGuid().ToString(), version = "2.0", signedDate = now.ToUnixTimeMilliseconds(),
                data = new { bundleId, environment = Environment, signedTransactionInfo = transaction },
            }),
        };
    }
}
