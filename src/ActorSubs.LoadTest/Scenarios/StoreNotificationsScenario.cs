using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Measurement;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Stores;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The <c>store-notifications</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class StoreNotificationsScenario(TextWriter output) : AsyncCommand<StoreNotificationsScenario.Settings>
{
    public const string Summary = "signed App Store notifications against purchases through the API, same run";

    public const string Details =
        "Plays Apple: makes a certificate authority shaped like Apple's (root, intermediate and leaf with Apple's marker " +
        "extensions, ES256) and writes its root to --root, its signing key beside it (ROOT with .signer.pem); an authority " +
        "already there is reused. Start the node trusting that root (ActorSubs__Stores__AppStore__RootCertificates__0), " +
        "with --bundle-id and --product mapped to a plan, ActorSubs__Subscriptions__RenewalWindow=3650.00:00:00 and " +
        "ActorSubs__RateLimits__Stores__PermitLimit raised (notifications are posted as Apple posts them, without the " +
        "operator key). --authority-only writes the authority and stops, before any node runs. Then signs up --accounts " +
        "accounts and runs two closed-loop phases of the same workers and length: purchases (POST …/purchases, monthly, " +
        "web) and notifications (POST /api/stores/app-store/notifications: SUBSCRIBED first, then DID_RENEW, each with a " +
        "signed transaction carrying the account's storeAccountToken and a new transaction id). With --rate R, an " +
        "open-loop notifications phase follows. Any answer but 200 (applied) fails the run, after the report.";

    public sealed class Settings : LoopSettings
    {
        [CommandOption("--root <PATH>"), Description("PEM file of the authority's root, the one the node trusts (written when missing)")]
        public string? Root { get; init; }

        [CommandOption("--authority-only"), Description("write (or keep) the authority and stop: to start the node trusting it")]
        public bool AuthorityOnly { get; init; }

        [CommandOption("--bundle-id <ID>"), Description("the node's ActorSubs:Stores:AppStore:BundleId"), DefaultValue("com.example.access")]
        public string BundleId { get; init; } = "com.example.access";

        [CommandOption("--product <ID>"), Description("App Store product id, mapped to a plan in the node's ActorSubs:Stores:AppStore:Products"),
         DefaultValue("com.example.access.monthly")]
        public string Product { get; init; } = "com.example.access.monthly";

        [CommandOption("--accounts <N>"), Description("accounts to sign up before the run; both phases spread over them"), DefaultValue(1000), Between(1, 1_000_000)]
        public int Accounts { get; init; } = 1000;

        [CommandOption("--duration <SECONDS>"), Description("measured time of each phase, after its warmup"), DefaultValue(20.0), Between(1, 3600)]
        public override double Duration { get; init; } = 20;

        [CommandOption("--warmup <SECONDS>"), Description("time each phase runs before it is measured"), DefaultValue(3.0), Between(0, 600)]
        public override double Warmup { get; init; } = 3;

        [CommandOption("--max-requests <N>"), Description("hard cap on requests of each phase, warmup included"), DefaultValue(1_000_000L), Between(1, 1e9)]
        public override long MaxRequests { get; init; } = 1_000_000;

        [CommandOption("--rate <PER_SECOND>"), Description("afterwards, an open-loop phase at this many notifications a second"), Between(1, 1_000_000)]
        public int? Rate { get; init; }

        [CommandOption("--max-in-flight <N>"), Description("open-loop phase: at most this many notifications at once"), DefaultValue(512), Between(1, 10_000)]
        public int MaxInFlight { get; init; } = 512;

        public string RootPath => Full(Root)!;

        /// <summary>The authority's leaf, intermediate and private key, beside the root: <c>root.pem</c> → <c>root.signer.pem</c>.</summary>
        public string SignerPath => Path.ChangeExtension(RootPath, null) + ".signer.pem";

        protected override void Check()
        {
            base.Check();
            if (string.IsNullOrWhiteSpace(Root)) throw new UsageException("--root is required: the PEM file of the root the node trusts.");
            if (Rate * Duration > MaxRequests)
                throw new UsageException($"--rate {Rate} for {Duration} s is more than --max-requests {MaxRequests}.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellation)
    {
        using var apple = LoadOrCreateAuthority(s);
        if (s.AuthorityOnly) return LoadTestApp.ExitOk;

        var recorder = new RunRecorder("store-notifications", s.AsRun());
        var connections = Math.Max(s.Concurrency, s.Rate is null ? 0 : s.MaxInFlight);
        using var http = new NodeClient(s.Targets, s.OperatorKey, connections, ApiScenario.RequestTimeout);
        using var store = new NodeClient(s.Targets, operatorKey: null, connections, ApiScenario.RequestTimeout);
        await http.CheckReadyAsync(cancellation);
        var runId = Guid.NewGuid().ToString("N")[..8];

        output.WriteLine($"store-notifications: run {runId} against {http.TargetText}: signing up {s.Accounts} accounts …");
        var accounts = await SignUpAsync(http, runId, s, cancellation);
        recorder.Count("sign-up-ms", (long)accounts.Elapsed.TotalMilliseconds);

        var plan = s.Plan(ApiScenario.RequestTimeout);
        var loops = new Dictionary<string, ClosedLoopResult>(StringComparer.Ordinal);
        output.WriteLine($"store-notifications: purchases, {s.Concurrency} workers for {s.Warmup:0.#} s warmup + {s.Duration:0.#} s …");
        loops["purchases"] = await ClosedLoop.RunAsync(plan, ApiScenario.PurchaseWorkers(http, accounts.Ids, runId), cancellation);

        var notifications = new AppStoreNotifications(apple, s.BundleId, s.Product, accounts.Tokens);
        output.WriteLine($"store-notifications: App Store notifications, {s.Concurrency} workers for {s.Warmup:0.#} s warmup + {s.Duration:0.#} s …");
        loops["notifications"] = await ClosedLoop.RunAsync(plan,
            (_, _) => Task.FromResult<ILoadWorker>(new Worker(ct => PostAsync(store, notifications.Next(), ct))), cancellation);

        OpenLoopResult? open = null;
        if (s.Rate is { } rate)
        {
            output.WriteLine($"store-notifications: open loop, {rate} notifications/s for {s.Duration:0.#} s (at most {s.MaxInFlight} in flight) …");
            open = await OpenLoop.RunAsync(new OpenLoopPlan(rate, TimeSpan.FromSeconds(s.Duration), s.MaxInFlight, ApiScenario.RequestTimeout),
                async (_, ct) => await PostAsync(store, notifications.Next(), ct), cancellation);
        }

        await RunOutput.FinishAsync(recorder.ToReport(http.TargetText) with { Loops = loops, OpenLoop = open }, s.JsonPath, null, output, cancellation);
        ThrowIfAnyFailed(loops, open);
        return LoadTestApp.ExitOk;
    }

    private AppStoreAuthority LoadOrCreateAuthority(Settings s)
    {
        if (File.Exists(s.RootPath))
        {
            if (!File.Exists(s.SignerPath))
                throw new RunFailedException($"{s.RootPath} exists but {s.SignerPath} does not: it is not an authority this load tester wrote (remove it to make one).");
            output.WriteLine($"store-notifications: App Store authority reused: root {s.RootPath}");
            try
            {
                return AppStoreAuthority.Load(s.RootPath, s.SignerPath);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or InvalidOperationException or IOException)
            {
                throw new RunFailedException($"the App Store authority in {s.RootPath} and {s.SignerPath} could not be read (remove both to make a new one)", e);
            }
        }
        RunOutput.CreateFolderOf(s.RootPath);
        var apple = AppStoreAuthority.Create(name: "ActorSubs Load Test");
        apple.Save(s.RootPath, s.SignerPath);
        output.WriteLine($"store-notifications: App Store authority made: root {s.RootPath}, signing key {s.SignerPath}");
        return apple;
    }

    /// <summary>Signs up every account and keeps its storeAccountToken from the account view the sign-up answers with.</summary>
    private static async Task<(string[] Ids, string[] Tokens, TimeSpan Elapsed)> SignUpAsync(NodeClient http, string runId, Settings s,
        CancellationToken cancellation)
    {
        var ids = Enumerable.Range(0, s.Accounts).Select(i => $"sn-{runId}-{i:D6}").ToArray();
        var tokens = new string[ids.Length];
        var signUps = await http.SendAllAsync(s.Concurrency, Enumerable.Range(0, ids.Length).ToArray(), async i =>
        {
            var answer = await http.PostAsync("/api/accounts", new { accountId = ids[i], email = $"{ids[i]}@loadtest.invalid" }, cancellation);
            if (answer.Ok)
            {
                using var view = answer.Json();
                tokens[i] = view.RootElement.GetProperty("account").GetProperty("storeAccountToken").GetString()!;
            }
            return answer;
        }, stopOnFailure: true, cancellation);
        signUps.ThrowIfFailed("sign-up");
        return (ids, tokens, signUps.Elapsed);
    }

    /// <summary>Posts one notification as the App Store does; only a 200 that says <c>applied</c> is a success.</summary>
    private static async Task<Outcome> PostAsync(NodeClient store, object body, CancellationToken cancellation)
    {
        var answer = await store.PostAsync("/api/stores/app-store/notifications", body, cancellation);
        if (!answer.Ok) return answer.Outcome;
        using var json = answer.Json();
        var outcome = json.RootElement.TryGetProperty("outcome", out var o) ? o.GetString() : null;
        if (outcome == "applied") return Outcome.Success;
        var reason = json.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
        return Outcome.Failed(new ErrorKey(answer.Status, $"{outcome ?? "(no outcome)"}{(reason is null ? "" : " " + reason)}"), reason);
    }

    private static void ThrowIfAnyFailed(IReadOnlyDictionary<string, ClosedLoopResult> loops, OpenLoopResult? open)
    {
        var failures = loops
            .SelectMany(l => l.Value.Errors.Concat(l.Value.WarmupErrors).Select(e => (Phase: l.Key, Error: e)))
            .Concat((open?.Errors ?? []).Select(e => (Phase: "open loop", Error: e)))
            .ToList();
        if (failures.Count == 0) return;
        var text = string.Join(", ", failures.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"{f.Phase}: {new ErrorKey(f.Error.Status, f.Error.Code)} ×{f.Error.Count}")));
        var hint = failures.Any(f => f.Error.Code == "rate-limited") ? " (raise the node's ActorSubs__RateLimits__Stores__PermitLimit)"
            : failures.Any(f => f.Error.Code == "store-unauthenticated") ? " (does the node trust --root, with the same --bundle-id?)"
            : failures.Any(f => f.Error.Code.StartsWith("parked unknown-product", StringComparison.Ordinal)) ? " (map --product in ActorSubs__Stores__AppStore__Products)"
            : failures.Any(f => f.Error.Code == "renewal-not-open") ? " (use more --accounts or a wider ActorSubs__Subscriptions__RenewalWindow)"
            : "";
        throw new RunFailedException($"not every answer was 200 (applied): {text}{hint}.");
    }
}
