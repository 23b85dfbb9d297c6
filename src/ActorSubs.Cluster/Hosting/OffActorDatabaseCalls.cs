using System.Data.Common;
using LinqToDB.Interceptors;

namespace ActorSubs.Cluster.Hosting;

/// <summary>
/// Makes every Akka.Persistence.Sql database operation continue on the thread pool from the moment it opens its
/// connection, instead of on the actor that started it.
/// </summary>
/// <remarks>
/// The journal and the snapshot store are one actor each, and they start each recovery read (the snapshot load,
/// the highest sequence number, the replay) from inside their message handler. Microsoft.Data.Sqlite has no
/// asynchronous I/O: its "async" calls finish before they return, so the whole read (open, begin, query, commit)
/// ran inside that one actor, one recovery at a time, and the journal's writes waited behind it. Yielding as the
/// connection opens hands the rest to the thread pool: recoveries run side by side (WAL readers do not block each
/// other or the writer) and the actors only dispatch. Nothing about durability changes: a write still completes
/// only after its transaction commits.
/// </remarks>
public sealed class OffActorDatabaseCalls : ConnectionInterceptor
{
    public static readonly OffActorDatabaseCalls Instance = new();

    public override async Task ConnectionOpeningAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) =>
        await Task.Yield();
}
