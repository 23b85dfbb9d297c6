using ActorSubs.Cluster.Stores;
using ActorSubs.Domain;
using Akka.Persistence.Journal;

namespace ActorSubs.Cluster.Accounts;

/// <summary>
/// The tags an account's events carry in the journal. Akka.Persistence.Sql writes a tag row in the same transaction as
/// its event, so an index kept this way costs no write of its own; recovery sees the plain events.
/// <list type="bullet">
/// <item><see cref="AccountEvents.WakeupScheduled"/>: <see cref="Wakeup"/>, read in journal order by the wake-up feed.</item>
/// <item><see cref="AccountEvents.AccountCreated"/>: the account's store token (<see cref="StoreAccountTokenIndex"/>), so a
/// store notification carrying the token finds the account without a registry write at sign-up.</item>
/// </list>
/// </summary>
public static class AccountJournalTags
{
    public const string Wakeup = "wakeup";

    private static readonly string[] WakeupTags = [Wakeup];

    public static object ForJournal(IAccountEvent e) => e switch
    {
        AccountEvents.WakeupScheduled => new Tagged(e, WakeupTags),
        AccountEvents.AccountCreated created => new Tagged(e, [StoreAccountTokenIndex.Tag(StoreAccountToken.For(created.AccountId))]),
        _ => e,
    };
}
