using System.Net;
using System.Text.Json.Nodes;

namespace ActorSubs.Node.Tests.Fuzz;

/// <summary>
/// The views of the accounts a fuzz run touched, read with the operator key, and the domain invariants each must hold.
/// Read before and after a restart on the same journal they must be equal: what the node held in memory is exactly
/// what it wrote, so no request was half applied.
/// </summary>
public static class AccountViews
{
    public static async Task<Dictionary<string, string>> ReadAsync(TestNode node, IEnumerable<string> accountIds)
    {
        using var client = node.Client();
        var views = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in accountIds.Distinct(StringComparer.Ordinal))
        {
            var (status, body) = await client.GetJsonAsync($"/api/accounts/{id}");
            if (status == HttpStatusCode.NotFound) continue;
            Assert.True(status == HttpStatusCode.OK, $"GET account {id}: {(int)status} {body}");
            // `online` is the presence of a host's socket, not state: every socket is gone after a restart.
            foreach (var host in body!["hosts"]!.AsArray()) host!.AsObject().Remove("online");
            views[id] = body.ToJsonString();
        }
        return views;
    }

    /// <summary>Invariants of one account view; expiry after sign-up only where neither the operator nor a store set it.</summary>
    public static IEnumerable<string> Violations(string id, string view, bool expiryMayPrecedeSignUp)
    {
        var account = JsonNode.Parse(view)!;
        var subscription = account["subscription"]!;
        var tier = subscription.Text("tier");
        var hosts = account["hosts"]!.AsArray();
        var hostLimit = account["hostLimit"]!.GetValue<int>();
        if (hosts.Count > hostLimit) yield return $"{id}: {hosts.Count} hosts over the limit {hostLimit}";
        if (hostLimit < 5 || hostLimit % 5 != 0) yield return $"{id}: host limit {hostLimit} is not a whole number of packs of 5";
        if (account["licencePacks"]!.GetValue<int>() < 0) yield return $"{id}: negative licence packs";
        foreach (var list in new[] { ("hosts", "hostId"), ("devices", "deviceId"), ("licences", "key") })
        {
            var ids = account[list.Item1]!.AsArray().Select(e => e.Text(list.Item2).ToUpperInvariant()).ToList();
            if (ids.Distinct().Count() != ids.Count) yield return $"{id}: duplicate {list.Item2} in {list.Item1}: {string.Join(",", ids)}";
        }
        var paid = tier == "paid";
        if (paid != subscription["plan"] is not null || paid != subscription["channel"] is not null || paid != subscription["renewalOpensAt"] is not null)
            yield return $"{id}: tier {tier} with plan {subscription.Text("plan")}, channel {subscription.Text("channel")}, renewalOpensAt {subscription.Text("renewalOpensAt")}";
        if (!paid && subscription["autoRenew"]!.GetValue<bool>()) yield return $"{id}: auto-renew on a {tier} tier";
        if (!expiryMayPrecedeSignUp && DateTimeOffset.Parse(subscription.Text("expiresAt"), System.Globalization.CultureInfo.InvariantCulture)
            < DateTimeOffset.Parse(account.Text("createdAt"), System.Globalization.CultureInfo.InvariantCulture))
            yield return $"{id}: expires {subscription.Text("expiresAt")} before its sign-up {account.Text("createdAt")}";
    }

    /// <summary>Reads the views, restarts the node on its journal, reads them again: equal, and every invariant holds.</summary>
    public static async Task AssertRecoveredAsync(FuzzNode node, IEnumerable<string> accountIds, IReadOnlySet<string> expiryExempt)
    {
        var before = await ReadAsync(node.Node, accountIds);
        var broken = before.SelectMany(v => Violations(v.Key, v.Value, expiryExempt.Contains(v.Key))).ToList();
        Assert.True(broken.Count == 0, "invariants broken after the fuzz:\n" + string.Join("\n", broken));

        await node.RestartAsync();
        var after = await ReadAsync(node.Node, before.Keys);
        foreach (var (id, view) in before)
            Assert.True(after.TryGetValue(id, out var recovered) && recovered == view,
                $"{id} recovered differently from what the node answered before the restart:\nbefore {view}\nafter  {recovered ?? "<missing>"}");
    }
}
