using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;

namespace ActorSubs.Cluster.Stores;

/// <summary>
/// Finds the account a <c>storeAccountToken</c> belongs to. The token is one-way (derived from the account id), so the
/// account's creation event carries it as a journal tag (<see cref="Accounts.AccountJournalTags"/>), and this reads the
/// plugin's <c>tags</c> table through its index on <c>tag</c>: one indexed lookup per store notification that arrives
/// before its subscription is linked, instead of a registry write on every sign-up, the cold path.
/// </summary>
public sealed class StoreAccountTokenIndex(PersistenceSettings persistence)
{
    private const string TagPrefix = "store-token:";
    private const string AccountPersistencePrefix = "account-";

    private const string Query = "SELECT persistence_id FROM tags WHERE tag = @tag LIMIT 1";

    /// <summary>The tag of a token: 48 characters, within the plugin's 64.</summary>
    public static string Tag(Guid token) => TagPrefix + token.ToString("D");

    /// <summary>The id of the account whose token this is, or null if no account was created with it.</summary>
    public async Task<string?> FindAccountAsync(Guid token, CancellationToken cancellation)
    {
        await using var connection = await persistence.OpenConnectionAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@tag";
        parameter.Value = Tag(token);
        command.Parameters.Add(parameter);
        var persistenceId = await command.ExecuteScalarAsync(cancellation) as string;
        return persistenceId is not null && persistenceId.StartsWith(AccountPersistencePrefix, StringComparison.Ordinal)
            ? persistenceId[AccountPersistencePrefix.Length..]
            : null;
    }
}
