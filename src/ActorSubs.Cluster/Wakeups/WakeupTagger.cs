using ActorSubs.Domain;
using Akka.Persistence.Journal;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// Tags every <see cref="AccountEvents.WakeupScheduled"/> as the account writes it, so the feed finds them with one
/// query over the journal's tag table. Akka.Persistence.Sql writes the tag row in the same transaction as the event;
/// recovery sees the plain event.
/// </summary>
public static class WakeupTagger
{
    public const string Tag = "wakeup";

    private static readonly string[] Tags = [Tag];

    public static object ForJournal(IAccountEvent e) => e is AccountEvents.WakeupScheduled ? new Tagged(e, Tags) : e;
}
