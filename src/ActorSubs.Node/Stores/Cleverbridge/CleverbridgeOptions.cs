namespace ActorSubs.Node.Stores.Cleverbridge;

/// <summary>
/// Cleverbridge subscription notifications, bound from <c>ActorSubs:Stores:Cleverbridge</c>. All three empty: not
/// configured, the route answers 503 <c>store-not-configured</c>; some but not all: the node does not start.
/// </summary>
public sealed record CleverbridgeOptions
{
    public const string Section = "ActorSubs:Stores:Cleverbridge";

    /// <summary>HTTP basic auth user Cleverbridge sends.</summary>
    public string? User { get; set; }

    /// <summary>HTTP basic auth password. A secret.</summary>
    public string? Password { get; set; }

    /// <summary>Key of the <c>X-Signature</c> HMAC-SHA256 of the body. A secret.</summary>
    public string? SigningKey { get; set; }

    public bool IsConfigured => Set(User) || Set(Password) || Set(SigningKey);

    public IReadOnlyList<string> Validate() =>
    [
        .. new[] { (nameof(User), User), (nameof(Password), Password), (nameof(SigningKey), SigningKey) }
            .Where(s => IsConfigured && !Set(s.Item2))
            .Select(s => $"{Section}:{s.Item1} is required once any of User, Password, SigningKey is set."),
    ];

    private static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);
}
