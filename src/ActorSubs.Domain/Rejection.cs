namespace ActorSubs.Domain;

/// <summary>How a rejection maps onto HTTP: the API turns these into 400/403/404/409.</summary>
public enum RejectionKind { Invalid, Forbidden, NotFound, Conflict, Unavailable }

/// <summary>
/// An extra member of the problem document, e.g. <c>renewalOpensAt</c> or <c>limit</c>. Each kind keeps its JSON type
/// on the wire (a count is a number, an instant the wire's UTC time), so the domain hands over values, not text.
/// </summary>
public abstract record ProblemField(string Name)
{
    /// <summary>The value with its own type (string, long or DateTimeOffset), for the API to write as JSON.</summary>
    public abstract object Value { get; }
}

/// <summary>A string member, e.g. the <c>field</c> a validation problem names.</summary>
public sealed record TextField(string Name, string Text) : ProblemField(Name)
{
    public override object Value => Text;
}

/// <summary>A number member, e.g. the host <c>limit</c>.</summary>
public sealed record NumberField(string Name, long Number) : ProblemField(Name)
{
    public override object Value => Number;
}

/// <summary>An instant, e.g. <c>renewalOpensAt</c>: written as the wire's ISO-8601 UTC time.</summary>
public sealed record TimeField(string Name, DateTimeOffset At) : ProblemField(Name)
{
    public override object Value => At;
}

/// <summary>
/// Why a command was refused: a stable machine-readable <paramref name="Code"/> (catalogue in docs/api.md) and a sentence
/// for a person.
/// </summary>
public sealed record Rejection(string Code, string Detail, RejectionKind Kind, ProblemField[] Fields)
{
    public static Rejection Conflict(string code, string detail, params ProblemField[] fields) =>
        new(code, detail, RejectionKind.Conflict, fields);

    public static Rejection NotFound(string code, string detail) => new(code, detail, RejectionKind.NotFound, []);

    public static Rejection Invalid(string field, string detail) =>
        new(RejectionCodes.Validation, detail, RejectionKind.Invalid, [new TextField("field", field)]);
}

/// <summary>The stable codes of the problem documents. Other programs match on these strings.</summary>
public static class RejectionCodes
{
    public const string Validation = "validation";
    public const string AccountNotFound = "account-not-found";
    public const string AccountExists = "account-exists";
    public const string RenewalNotOpen = "renewal-not-open";
    public const string HostLimitReached = "host-limit-reached";
    public const string HostExists = "host-already-registered";
    public const string HostNotFound = "host-not-found";
    public const string DeviceExists = "device-already-registered";
    public const string DeviceNotFound = "device-not-found";
    public const string LicenceAlreadyRegistered = "licence-already-registered";
    public const string LicenceRequiresPaid = "licence-requires-paid-subscription";
    public const string RefundViaApple = "refund-via-apple";
    public const string TransactionNotFound = "transaction-not-found";
    public const string TransactionConflict = "transaction-conflict";
    public const string AutoRenewManagedByAppStore = "auto-renew-managed-by-app-store";
    public const string AutoRenewNotSupported = "auto-renew-not-supported";
    public const string InvalidApiKey = "invalid-api-key";
    public const string Unavailable = "unavailable";
}
