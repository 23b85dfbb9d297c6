using System.Diagnostics;
using System.Net;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.CrashSafety;

/// <summary>
/// What the crash-safety specs share: the node settings, a fleet of accounts set up over HTTP (operator key),
/// and waits on the journal. Only the HTTP contract and the journal's contents are used, never node internals.
/// </summary>
public static class CrashScenario
{
    /// <summary>
    /// Seconds instead of hours, as in WakeupSpecs: accounts sleep after one idle second, the wake-up index works in
    /// 5-second spans and warms accounts up a second ahead, its clock looks at the time twice a second and its feed
    /// reads the journal five times a second.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FastSettings = new Dictionary<string, string>
    {
        ["ActorSubs:Entities:PassivateIdleAfter"] = "00:00:01",
        ["ActorSubs:Wakeups:BucketSize"] = "00:00:05",
        ["ActorSubs:Wakeups:ActivationLead"] = "00:00:01",
        ["ActorSubs:Wakeups:WarmUpLead"] = "00:00:01",
        ["ActorSubs:Wakeups:ClockTick"] = "00:00:00.5",
        ["ActorSubs:Wakeups:RetryInterval"] = "00:00:01",
        ["ActorSubs:Wakeups:FeedPollInterval"] = "00:00:00.2",
    };

    /// <summary>The span of one wake-up bucket and the clock's lead in <see cref="FastSettings"/>.</summary>
    public static readonly TimeSpan BucketSize = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ActivationLead = TimeSpan.FromSeconds(1);

    /// <summary>Long enough for an idle account to have gone to sleep under <see cref="FastSettings"/>, on a loaded machine.</summary>
    public static readonly TimeSpan PassivationWait = TimeSpan.FromSeconds(3);

    /// <summary>How often the specs look at the journal.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The settings as the environment variables of a node process (<c>A:B</c> becomes <c>A__B</c>).</summary>
    public static Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? settings = null) =>
        (settings ?? FastSettings).ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);

    public static Task<NodeProcess> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null) =>
        NodeProcess.StartAsync(database, Environment(settings));

    /// <summary><see cref="FastSettings"/> with some keys replaced.</summary>
    public static IReadOnlyDictionary<string, string> FastSettingsWith(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>(FastSettings);
        foreach (var (key, value) in overrides) settings[key] = value;
        return settings;
    }

    /// <summary>
    /// Signs up <paramref name="count"/> accounts with the operator key, each with one registered (never connected)
    /// device; <paramref name="andThen"/> (given the account id and its index) runs for each account right after its
    /// device, before the account has been idle long enough to sleep.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SignUpWithDevicesAsync(HttpClient client, string prefix, int count,
        Func<string, int, Task>? andThen = null)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}{i:D3}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 3 + 13)]).ToArray();
        await ForAllAsync(Enumerable.Range(0, count), async i =>
        {
            await client.SignUpAsync(ids[i]);
            await AddDeviceAsync(client, ids[i], "phone");
            if (andThen is not null) await andThen(ids[i], i);
        });
        return ids;
    }

    public static async Task AddDeviceAsync(HttpClient client, string accountId, string deviceId)
    {
        var (status, body) = await client.PostJsonAsync($"/api/accounts/{accountId}/devices", new { deviceId, platform = "android", name = deviceId });
        Assert.True(status == HttpStatusCode.Created, $"device {deviceId} of {accountId}: {(int)status} {body}");
    }

    /// <summary>The operator route that moves the expiry; asserts the 200.</summary>
    public static async Task SetExpiryAsync(HttpClient client, string accountId, DateTimeOffset expiresAt)
    {
        var (status, body) = await client.PutJsonAsync($"/api/admin/accounts/{accountId}/subscription", new { expiresAt = TestAccount.Wire(expiresAt) });
        Assert.True(status == HttpStatusCode.OK, $"expiry of {accountId}: {(int)status} {body}");
    }

    public static Task SetExpiryAsync(HttpClient client, IEnumerable<string> accountIds, DateTimeOffset expiresAt) =>
        ForAllAsync(accountIds, id => SetExpiryAsync(client, id, expiresAt));

    /// <summary>A few requests at a time: enough to keep a node busy without drowning a 2-core machine.</summary>
    public static Task ForAllAsync<T>(IEnumerable<T> items, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) => await action(item));

    public static async Task DelayUntilAsync(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    /// <summary>
    /// Polls the journal (and only the journal: no request touches the accounts) until every account holds at
    /// least one subscription-expired notification, or <paramref name="within"/> passes; returns what it last read.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<JournalEvent>>> WaitForExpiriesAsync(
        JournalReader journal, IReadOnlyCollection<string> accountIds, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var raised = await journal.ExpiryNotificationsAsync();
            if (accountIds.All(raised.ContainsKey) || deadline.Elapsed > within) return raised;
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// Asserts that each account's journal holds exactly one subscription-expired notification. The failure message
    /// also lists what the wake-up index still holds (for diagnosis only: nothing is asserted about it here).
    /// </summary>
    public static async Task AssertExactlyOneEachAsync(JournalReader journal,
        IReadOnlyDictionary<string, IReadOnlyList<JournalEvent>> raised, IReadOnlyCollection<string> accountIds, string context, NodeProcess? node)
    {
        var missing = accountIds.Where(id => !raised.ContainsKey(id)).ToList();
        var repeated = accountIds.Where(id => raised.TryGetValue(id, out var e) && e.Count > 1)
            .Select(id => $"{id} ×{raised[id].Count}").ToList();
        if (missing.Count == 0 && repeated.Count == 0) return;
        var wakeups = (await journal.LiveRowsAsync(JournalFacts.WakeupBucketPrefix)).ToList();
        Assert.Fail(
            $"{context}: {accountIds.Count - missing.Count - repeated.Count} of {accountIds.Count} accounts have exactly one " +
            $"subscription-expired event in the journal; {missing.Count} have none (e.g. {string.Join(", ", missing.Take(5))}); " +
            $"{repeated.Count} have more than one ({string.Join(", ", repeated.Take(5))})." +
            $"\nThe wake-up index still holds {wakeups.Sum(kv => kv.Value.Length)} undeleted rows in {wakeups.Count} buckets: " +
            string.Join("; ", wakeups.Take(10).Select(kv => $"{kv.Key} [{string.Join(",", kv.Value.GroupBy(m => m).Select(g => $"{g.Key}×{g.Count()}"))}]")) +
            (node is null ? "" : $"\n--- node output (tail) ---\n{Tail(node.Output, 40)}"));
    }

    /// <summary>
    /// Waits until every account's expiry is in the journal and asserts exactly one each, then once more a few seconds
    /// later: a repeated wake-up would have written a second one by then.
    /// </summary>
    public static async Task ExpectEachExactlyOnceAsync(JournalReader journal, IReadOnlyList<string> accounts, TimeSpan within,
        string context, NodeProcess node)
    {
        var raised = await WaitForExpiriesAsync(journal, accounts, within);
        await AssertExactlyOneEachAsync(journal, raised, accounts, context, node);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await AssertExactlyOneEachAsync(journal, await journal.ExpiryNotificationsAsync(), accounts, $"3 s later ({context})", node);
    }

    public static int CountFired(IReadOnlyDictionary<string, IReadOnlyList<JournalEvent>> raised, IEnumerable<string> accountIds) =>
        accountIds.Count(raised.ContainsKey);

    public static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}
