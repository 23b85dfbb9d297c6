using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests;

/// <summary>
/// <c>GET /api/admin/wakeups</c> (docs/api.md): the wake-up figures the operator dashboard shows, for the operator only,
/// and the same numbers as the node's <c>/metrics</c> series.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class WakeupFiguresRouteSpecs(SharedNode shared)
{
    private readonly TestNode _node = shared.Node;

    [Fact]
    public async Task The_operator_reads_the_same_figures_as_the_metrics_series()
    {
        using var admin = _node.Client();
        using var anonymous = _node.Client(bearer: null);

        // Other specs' accounts on the shared node may wake between the two reads: read both until they agree.
        var read = await Eventually.AsyncValue(async () =>
            {
                var (status, body) = await admin.GetJsonAsync("/api/admin/wakeups");
                return (status, body, metrics: await anonymous.GetStringAsync("/metrics"));
            },
            read => read.status == HttpStatusCode.OK && Series(read.metrics, "actorsubs_wakeups_pending") == read.body!["pending"]!.GetValue<long>()
                    && Series(read.metrics, "actorsubs_wakeups_catchup_backlog") == read.body["backlog"]!.GetValue<long>()
                    && Series(read.metrics, "actorsubs_wakeups_catchup_spans") == read.body["overdueSpans"]!.GetValue<long>()
                    && Series(read.metrics, "actorsubs_wakeup_lateness_seconds_count") == read.body["wakesMeasured"]!.GetValue<long>(),
            TimeSpan.FromSeconds(15), "the route and /metrics agree");

        var body = read.body!;
        var measured = body["wakesMeasured"]!.GetValue<long>();
        if (measured == 0) Assert.True(body.IsNullMember("meanLatenessSeconds"), "no mean before the first wake-up");
        else Assert.True(body["meanLatenessSeconds"]!.GetValue<double>() >= 0);
    }

    [Fact]
    public async Task An_account_key_or_no_key_is_refused()
    {
        using var admin = _node.Client();
        using var owner = _node.Client(await admin.SignUpAsync(SharedNode.NewId("wk-owner")));
        using var anonymous = _node.Client(bearer: null);

        (await owner.GetJsonAsync("/api/admin/wakeups")).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await anonymous.GetJsonAsync("/api/admin/wakeups")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static long Series(string metrics, string name)
    {
        var match = Regex.Match(metrics, $"^{name} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name} is on /metrics");
        return (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
