namespace ActorSubs.Node.Stores;

/// <summary>Why a verified store notification was parked (the <c>reason</c> of <c>GET /api/admin/stores/parked</c>, docs/api.md).</summary>
public static class ParkReasons
{
    /// <summary>The subscription has no link and the notification carries no account token.</summary>
    public const string NoAccountLinked = "no-account-linked";

    /// <summary>The notification's account token is no account's.</summary>
    public const string UnknownAccountToken = "unknown-account-token";

    /// <summary>The account the link or the notification names does not exist.</summary>
    public const string AccountNotFound = "account-not-found";

    /// <summary>The subscription is already linked to another account than the token names.</summary>
    public const string LinkRefused = "link-refused";

    /// <summary>The product id maps to no plan in the store's <c>Products</c> setting.</summary>
    public const string UnknownProduct = "unknown-product";
}
