using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ActorSubs.Node.Tests.Fuzz;

/// <summary>
/// Generated requests to every route the node maps (read from its endpoints, so a new route is fuzzed without
/// touching this class), with the stores configured and without. Every answer is below 500, except the documented 503s
/// (<c>store-not-configured</c>, <c>unavailable</c>, <c>store-api-unavailable</c>); every 4xx and 503 is a problem
/// document with a <c>code</c>; the node logs no error; and the accounts touched recover after a restart exactly as
/// they were answered before it, with their invariants intact.
/// </summary>
public sealed class HttpRouteFuzzSpecs(ITestOutputHelper output)
{
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly HashSet<string> Documented503s = ["store-not-configured", "unavailable", "store-api-unavailable"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_generated_request_gets_a_5xx_or_an_answer_without_a_problem_code_and_nothing_is_half_applied(bool storesConfigured)
    {
        var run = FuzzRun.FromEnvironment(output, defaultInputs: 40);
        await using var fuzz = await FuzzNode.StartAsync(storesConfigured);
        var targets = await TargetsAsync(fuzz.Node);
        var inputs = new HttpInputs(targets, fuzz.Apple);
        var routes = Routes(fuzz.Node);
        var errors = await ErrorLog.AttachToAsync(fuzz.Node);
        var failures = new List<string>();
        var touched = new HashSet<string>(StringComparer.Ordinal) { targets.AccountA, targets.AccountB };
        var expiryExempt = new HashSet<string>(StringComparer.Ordinal);

        using var client = fuzz.Node.Client(bearer: null);
        FuzzRequest? previous = null;
        foreach (var route in routes)
        {
            var generator = inputs.For(route);
            for (var i = 0; i < run.Inputs; i++)
            {
                var input = run.Next(generator);
                run.Count(route.Key);
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(input.ToMessage(targets));
                }
                catch (HttpRequestException) when (input.Body?.Length > MaxBodyBytes)
                {
                    // The node answers 413 from the Content-Length and closes: a client still writing the body may see
                    // the connection end before it reads the answer. That is HTTP; the request after it must not suffer.
                    previous = input;
                    continue;
                }
                catch (HttpRequestException e)
                {
                    // The node dropped the connection without an answer: as bad as a 5xx.
                    failures.Add($"#{i} of {route.Key}: no answer ({e.InnerException?.Message ?? e.Message})\n    request: {input}\n    after: {previous}");
                    previous = input;
                    continue;
                }
                using var _ = response;
                var text = await response.Content.ReadAsStringAsync();
                run.Answered($"{(int)response.StatusCode} {CodeOf(text)}");
                if (Problem(response, text, input) is { } problem)
                    failures.Add($"#{i} of {route.Key}: {problem}\n    request: {input}\n    headers: {response.Headers} {response.Content.Headers}\n    after: {previous}");
                previous = input;
                Remember(route, input, response.StatusCode, text, targets, touched, expiryExempt);
            }
        }

        run.Report(output, $"HTTP fuzz, stores {(storesConfigured ? "configured" : "not configured")}, {routes.Count} routes");
        Assert.True(failures.Count == 0, $"{failures.Count} bad answers (seed {run.Seed}):\n" + string.Join("\n", failures.Take(20)));
        errors.AssertEmpty("the HTTP fuzz");
        await AccountViews.AssertRecoveredAsync(fuzz, touched, expiryExempt);
    }

    /// <summary>What is wrong with an answer, or null.</summary>
    private static string? Problem(HttpResponseMessage response, string text, FuzzRequest input)
    {
        var status = (int)response.StatusCode;
        if (status < 400) return null;
        // A NUL in the path is refused by Kestrel as it reads the request line, before any middleware: its own bare 400
        // (docs/api.md, bad-request), which the node cannot dress as a problem.
        if (status == 400 && text.Length == 0 && response.Headers.ConnectionClose == true && input.PathAndQuery.Contains("%00", StringComparison.Ordinal))
            return null;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        string? code = null;
        if (mediaType == "application/problem+json")
        {
            try
            {
                code = JsonNode.Parse(text)?["code"]?.GetValue<string>();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return $"{status} with a problem document that does not parse: {text}";
            }
        }
        if (string.IsNullOrEmpty(code)) return $"{status} without a problem code ({mediaType}): {Shorten(text)}";
        if (status >= 500 && !(status == 503 && Documented503s.Contains(code))) return $"{status} {code}: {Shorten(text)}";
        return null;
    }

    /// <summary>Keeps the accounts to check afterwards, and where the operator or a store may have set an expiry before sign-up.</summary>
    private static void Remember(FuzzRoute route, FuzzRequest input, HttpStatusCode status, string text, FuzzTargets targets,
        HashSet<string> touched, HashSet<string> expiryExempt)
    {
        if ((int)status is < 200 or > 299) return;
        var segments = input.PathAndQuery.Split('?')[0].Split('/');
        if (route.Pattern == "/api/accounts" && input.Method == "POST")
            touched.Add(JsonNode.Parse(text)!["accountId"]!.GetValue<string>());
        if (route.Pattern.StartsWith("/api/admin/accounts/", StringComparison.Ordinal) && segments.Length > 4)
            expiryExempt.Add(Uri.UnescapeDataString(segments[4]));
        if (route.Pattern.StartsWith("/api/stores/", StringComparison.Ordinal))
            expiryExempt.UnionWith(targets.SignUpIds.Append(targets.AccountA).Append(targets.AccountB));
    }

    private static string CodeOf(string text)
    {
        try
        {
            return text.StartsWith('{') ? JsonNode.Parse(text)?["code"]?.GetValue<string>() ?? JsonNode.Parse(text)?["outcome"]?.GetValue<string>() ?? "" : "";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return "";
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static List<FuzzRoute> Routes(TestNode node) =>
        node.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new FuzzRoute(method, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .DistinctBy(r => r.Key)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>Two accounts with a host "mac" and a device "phone" each, and the ids the fuzz may sign up.</summary>
    private static async Task<FuzzTargets> TargetsAsync(TestNode node)
    {
        using var operatorClient = node.Client();
        async Task<(string Id, string Key, string DeviceToken, string StoreToken)> PartyAsync(string id)
        {
            var (status, body) = await operatorClient.PostJsonAsync("/api/accounts", new { accountId = id, email = $"{id}@example.com" });
            Assert.Equal(HttpStatusCode.Created, status);
            var device = await operatorClient.PostJsonAsync($"/api/accounts/{id}/devices", new { deviceId = "phone", platform = "ios", name = "Phone" });
            var host = await operatorClient.PostJsonAsync($"/api/accounts/{id}/hosts", new { hostId = "mac", name = "Mac" });
            Assert.True(device.Status == HttpStatusCode.Created && host.Status == HttpStatusCode.Created, $"{device.Body} {host.Body}");
            return (id, body.Text("apiKey"), device.Body.Text("token"), body.Text("account.storeAccountToken"));
        }
        var a = await PartyAsync("fuzz-a");
        var b = await PartyAsync("fuzz-b");
        return new FuzzTargets(a.Id, a.Key, a.DeviceToken, a.StoreToken, b.Id, b.Key,
            Enumerable.Range(1, 6).Select(n => $"fuzz-new-{n}").ToList());
    }
}
