using System.Diagnostics;
using ActorSubs.System.Tests.Support;
using ActorSubs.Testing;
using Xunit.Abstractions;

namespace ActorSubs.System.Tests.Cluster;

/// <summary>
/// Three real nodes on one PostgreSQL; one is killed with SIGKILL (no shutdown code runs). Its accounts must be served
/// again by the survivors within the failover target, with every acknowledged write, and every device connected to a
/// survivor must hear its account's expiry, including the accounts that lived on the dead node.
/// </summary>
public sealed class FailoverSpecs(ITestOutputHelper output)
{
    /// <summary>The operators' target for a crash (docs/cluster.md budgets the detection and downing within it).</summary>
    private static readonly TimeSpan FailoverTarget = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public async Task A_node_killed_with_SIGKILL_is_replaced_within_the_failover_target_losing_nothing_and_every_survivor_device_hears_its_expiry()
    {
        await using var cluster = await NodeCluster.StartAsync(3);
        var (first, victim, third) = (cluster[0], cluster[1], cluster[2]);
        var accounts = await FleetOnCluster.ProvisionAsync(cluster.Nodes, "failover", 30);
        foreach (var node in cluster.Nodes)
        {
            using var client = node.Client();
            var served = await Task.WhenAll(accounts.Select(a => FleetOnCluster.IsServedPaidAsync(client, a.Id)));
            Assert.True(served.All(s => s), $"{served.Count(s => !s)} accounts not served through {node.BaseAddress}");
        }

        // A phone per account on the survivors; every account is live somewhere once its phone attached.
        var devices = new List<WsClient>();
        try
        {
            foreach (var (account, i) in accounts.Select((a, i) => (a, i)))
            {
                var phone = await WsClient.ConnectAsync(i % 2 == 0 ? first : third, "/ws/device", account.DeviceToken);
                await phone.ReceiveTypeAsync("welcome", TimeSpan.FromSeconds(20));
                devices.Add(phone);
            }
            using var survivor = first.Client();
            using var victimClient = victim.Client();
            var victimAddress = await FleetOnCluster.SelfAddressAsync(victimClient);
            var onVictim = (await FleetOnCluster.LiveAccountsPerNodeAsync(survivor)).GetValueOrDefault(victimAddress);
            Assert.True(onVictim > 0, $"no account lived on the node to be killed ({victimAddress}); the test would prove nothing");

            var killed = Stopwatch.StartNew();
            await victim.KillAsync();
            await Eventually.UntilAsync(async () =>
            {
                var served = await Task.WhenAll(accounts.Select(a => FleetOnCluster.IsServedPaidAsync(survivor, a.Id)));
                return served.All(s => s);
            }, TimeSpan.FromSeconds(60), "every account served again, paid, after the kill");
            output.WriteLine($"every account served again {killed.Elapsed.TotalSeconds:0.0} s after SIGKILL ({onVictim} had lived on the killed node)");
            Assert.True(killed.Elapsed < FailoverTarget,
                $"failover took {killed.Elapsed.TotalSeconds:0.0} s, target {FailoverTarget.TotalSeconds} s");

            // The devices whose accounts moved re-attached on their own: each hears its account's expiry at the instant.
            var instant = DateTimeOffset.UtcNow.AddSeconds(4);
            using var other = third.Client();
            await FleetOnCluster.ExpireAllAtAsync(other, accounts, instant);
            var heard = await Task.WhenAll(devices.Select(async (phone, i) =>
            {
                try
                {
                    var expired = await phone.ReceiveNotificationAsync("subscription-expired", TimeSpan.FromSeconds(20));
                    return (Account: accounts[i].Id, Late: DateTimeOffset.UtcNow - instant, Heard: expired is not null);
                }
                catch (TimeoutException)
                {
                    return (Account: accounts[i].Id, Late: TimeSpan.Zero, Heard: false);
                }
            }));
            var deaf = heard.Where(h => !h.Heard).Select(h => h.Account).ToArray();
            Assert.True(deaf.Length == 0, $"{deaf.Length} of {devices.Count} devices never heard their expiry: {string.Join(", ", deaf)}");
            output.WriteLine($"expiry heard by all {devices.Count} devices; latest {heard.Max(h => h.Late).TotalMilliseconds:0} ms after the instant");
        }
        finally
        {
            foreach (var phone in devices) await phone.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_node_frozen_past_the_resolvers_decision_is_downed_and_exits_with_code_1_when_it_resumes()
    {
        await using var cluster = await NodeCluster.StartAsync(3);
        var frozen = cluster[2];
        var accounts = await FleetOnCluster.ProvisionAsync(cluster.Nodes, "frozen", 12);

        // SIGSTOP: the process is alive but silent, like a node in a very long GC pause or a VM that was suspended.
        await Signals.SendAsync("STOP", frozen.Id);
        try
        {
            await cluster.WaitForUpMembersAsync(2, TimeSpan.FromSeconds(60), through: cluster[0]);
            using var survivor = cluster[0].Client();
            await Eventually.UntilAsync(async () => (await Task.WhenAll(accounts.Select(a => FleetOnCluster.IsServedPaidAsync(survivor, a.Id)))).All(s => s),
                TimeSpan.FromSeconds(60), "every account served by the two others while the third is frozen");
        }
        finally
        {
            await Signals.SendAsync("CONT", frozen.Id);
        }

        // Back, it learns it was downed: the actor system shuts down and the process exits non-zero, for a restart.
        Assert.True(await frozen.WaitForExitAsync(TimeSpan.FromSeconds(90)), $"the downed node kept running after it resumed:\n{frozen.Output}");
        Assert.True(frozen.ExitCode == 1, $"the downed node exited with {frozen.ExitCode}, not 1:\n{frozen.Output}");
        await cluster.WaitForUpMembersAsync(2, TimeSpan.FromSeconds(30), through: cluster[1]);
    }


}
