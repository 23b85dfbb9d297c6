namespace ActorSubs.Domain;

/// <summary>
/// The outcome of deciding a command: a rejection, or the events to write (none for a duplicate command,
/// which is answered as a success without changing anything).
/// </summary>
public sealed record Decision(Rejection? Rejection, IReadOnlyList<IAccountEvent> Events)
{
    public static readonly Decision NoOp = new(null, []);

    public static Decision Accept(params IAccountEvent[] events) => new(null, events);

    public static implicit operator Decision(Rejection rejection) => new(rejection, []);
}
