using ActorSubs.Cluster.Tests.Support;
using ActorSubs.Domain;
using static ActorSubs.Cluster.Accounts.AccountProtocol;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Cluster.Tests;

/// <summary>R7 across the cluster: a licence key belongs to the first account that registers it, even under a race.</summary>
public sealed class LicenceRaceSpecs : AccountClusterSpec
{
    private const string Anna = "acc-anna";
    private const string Ben = "acc-ben";

    private async Task CreateBothAccountsAsync()
    {
        await AcceptAsync(Anna, Samples.CreateAccount(Anna));
        await AcceptAsync(Ben, Samples.CreateAccount(Ben));
    }

    private static RegisterLicence Pro(string key) => new(new LicenceKey(key), LicenceProduct.DesktopProSubscription);

    [Fact]
    public async Task Two_accounts_racing_for_twenty_keys_get_exactly_one_owner_per_key()
    {
        // Arrange
        await CreateBothAccountsAsync();
        var keys = Enumerable.Range(1, 20).Select(i => $"RACE-KEY-{i:D2}").ToArray();

        // Act: every registration is sent before any reply is awaited; who asks first alternates per key.
        var pending = new List<(string Key, string Account, Task<Reply> Reply)>();
        for (var i = 0; i < keys.Length; i++)
        {
            var (first, second) = i % 2 == 0 ? (Anna, Ben) : (Ben, Anna);
            pending.Add((keys[i], first, SendAsync(first, Pro(keys[i]))));
            pending.Add((keys[i], second, SendAsync(second, Pro(keys[i]))));
        }
        var replies = await Task.WhenAll(pending.Select(async p => (p.Key, p.Account, Reply: await p.Reply)));

        // Assert: per key, one Accepted and one Rejected with the R7 code.
        var winners = new Dictionary<string, string>();
        foreach (var race in replies.GroupBy(r => r.Key))
        {
            var accepted = race.Where(r => r.Reply is Accepted).ToArray();
            var rejected = race.Select(r => r.Reply).OfType<Rejected>().ToArray();
            Assert.True(accepted.Length == 1, $"{race.Key}: {accepted.Length} accounts were accepted");
            Assert.Equal(RejectionCodes.LicenceAlreadyRegistered, Assert.Single(rejected).Rejection.Code);
            winners[race.Key] = accepted[0].Account;
        }

        // ... and the accounts' stored state agrees with the replies: each key on its winner only.
        var anna = await GetViewAsync(Anna);
        var ben = await GetViewAsync(Ben);
        Assert.Equal(winners.Where(w => w.Value == Anna).Select(w => w.Key).Order(), anna.Licences.Select(l => l.Key).Order());
        Assert.Equal(winners.Where(w => w.Value == Ben).Select(w => w.Key).Order(), ben.Licences.Select(l => l.Key).Order());
        Assert.Equal(Rules.HostsPerPack * (1 + anna.Licences.Length), anna.HostLimit);
        Assert.Equal(Rules.HostsPerPack * (1 + ben.Licences.Length), ben.HostLimit);
        Assert.Equal(1 + anna.Licences.Length, Journal.DomainManifests(PersistenceIdOf(Anna)).Count);
        Assert.Equal(1 + ben.Licences.Length, Journal.DomainManifests(PersistenceIdOf(Ben)).Count);
    }

    [Fact]
    public async Task Account_retrying_a_key_owned_by_another_account_is_refused_again()
    {
        // Arrange
        await CreateBothAccountsAsync();
        await AcceptAsync(Anna, Pro("OWNED-KEY"));
        var first = await RejectAsync(Ben, Pro("OWNED-KEY"));

        // Act
        var retry = await RejectAsync(Ben, Pro("OWNED-KEY"));

        // Assert
        Assert.Equal(RejectionCodes.LicenceAlreadyRegistered, first.Code);
        Assert.Equal(RejectionCodes.LicenceAlreadyRegistered, retry.Code);
        Assert.Equal(RejectionKind.Conflict, retry.Kind);
        Assert.Empty((await GetViewAsync(Ben)).Licences);
        Assert.Equal(["OWNED-KEY"], (await GetViewAsync(Anna)).Licences.Select(l => l.Key));
    }

    [Fact]
    public async Task Key_differing_only_in_letter_case_is_the_same_key_across_accounts()
    {
        // Arrange
        await CreateBothAccountsAsync();
        await AcceptAsync(Anna, Pro("case-key-7"));

        // Act
        var rejection = await RejectAsync(Ben, Pro("CASE-KEY-7"));

        // Assert
        Assert.Equal(RejectionCodes.LicenceAlreadyRegistered, rejection.Code);
        Assert.Empty((await GetViewAsync(Ben)).Licences);
    }

    [Fact]
    public async Task Owner_registering_its_own_key_again_is_refused_and_nothing_is_written()
    {
        // Arrange
        await CreateBothAccountsAsync();
        await AcceptAsync(Anna, Pro("MINE-1"));
        var eventsBefore = Journal.EventCount(PersistenceIdOf(Anna));

        // Act
        var rejection = await RejectAsync(Anna, Pro("mine-1"));

        // Assert
        Assert.Equal(RejectionCodes.LicenceAlreadyRegistered, rejection.Code);
        Assert.Equal(eventsBefore, Journal.EventCount(PersistenceIdOf(Anna)));
        Assert.Single((await GetViewAsync(Anna)).Licences);
    }
}
