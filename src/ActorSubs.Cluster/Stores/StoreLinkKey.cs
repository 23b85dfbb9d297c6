using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ActorSubs.Cluster.Stores;

/// <summary>
/// A key of the store link registry, written <c>app-store:&lt;originalTransactionId&gt;</c>,
/// <c>google-play:&lt;purchaseToken&gt;</c> or <c>cleverbridge:&lt;subscriptionId&gt;</c>.
/// <see cref="EntityId"/> is what the registry is sharded and persisted by: the value itself when it is short and made
/// of safe characters, otherwise its SHA-256 (Play purchase tokens run to 150 characters and more). An account's store
/// token needs no link: see StoreAccountTokenIndex.
/// </summary>
public sealed partial record StoreLinkKey(StoreName Kind, string Value)
{
    private const string HashedMarker = "sha256.";

    public static StoreLinkKey AppStore(string originalTransactionId) => new(StoreName.AppStore, originalTransactionId);

    public static StoreLinkKey GooglePlay(string purchaseToken) => new(StoreName.GooglePlay, purchaseToken);

    public static StoreLinkKey Cleverbridge(string subscriptionId) => new(StoreName.Cleverbridge, subscriptionId);

    /// <summary>
    /// <c>{kind}.{value}</c>, or <c>{kind}.sha256.{hex}</c> for a value that is long, has other characters, or itself
    /// starts with the marker (so the two forms never meet). At most 82 characters of <c>[a-z0-9._-]</c> and the value's own.
    /// </summary>
    [JsonIgnore]
    public string EntityId => SafeValue().IsMatch(Value) && !Value.StartsWith(HashedMarker, StringComparison.Ordinal)
        ? $"{Prefix}.{Value}"
        : $"{Prefix}.{HashedMarker}{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Value)))}";

    private string Prefix => Domain.WireNames.Kebab(Kind.ToString());

    public override string ToString() => $"{Prefix}:{Value}";

    [GeneratedRegex(@"\A[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeValue();
}
