using ActorSubs.Domain;
using Akka.Persistence.Journal;

namespace ActorSubs.Cluster.Wakeups;

/// <summary>
/// Tags every <see cref="AccountEvents.WakeupScheduled"/> as the journal writes it, so the feed finds them with one
/// query over the journal's tag table. The tag is written in the same transaction as the event.
/// </summary>
public sealed class WakeupTagger : IWriteEventAdapter
{
    public const string Tag = "wakeup";

    private static readonly string[] Tags = [Tag];

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is AccountEvents.WakeupScheduled ? new Tagged(evt, Tags) : evt;
}
