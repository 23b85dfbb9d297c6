namespace ActorSubs.Node.Stores;

/// <summary>Why a store notification was not accepted before it reached any account.</summary>
public enum StoreVerificationFailure
{
    /// <summary>Not the shape the store sends (not a JWS, not JSON, a required field missing): answered 400.</summary>
    Malformed,

    /// <summary>Signature, certificate chain or credential not valid: answered 401, the sender is not the store.</summary>
    Untrusted,

    /// <summary>Genuine, but for another app or environment than this deployment serves: answered 401 as well.</summary>
    WrongRecipient,
}

/// <summary>A store notification that failed verification; <see cref="Failure"/> decides the answer.</summary>
public sealed class StoreVerificationException(StoreVerificationFailure failure, string detail) : Exception(detail)
{
    public StoreVerificationFailure Failure { get; } = failure;

    public static StoreVerificationException Malformed(string detail) => new(StoreVerificationFailure.Malformed, detail);

    public static StoreVerificationException Untrusted(string detail) => new(StoreVerificationFailure.Untrusted, detail);

    public static StoreVerificationException WrongRecipient(string detail) => new(StoreVerificationFailure.WrongRecipient, detail);
}
