using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Clients;
using ActorSubs.LoadTest.Fleet;
using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Scenarios.Fleet;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Scenarios;

/// <summary>The <c>renewal-churn</c> command: <see cref="Summary"/>; what it does in detail is <see cref="Details"/>, its own help.</summary>
public sealed class RenewalChurnScenario(TextWriter output) : FleetScenario<RenewalChurnScenario.Settings>(output)
{
    public const string RenewedAfterResponse = "renewed-after-response";
    public const string RenewedAfterRequest = "renewed-after-request";
    public const string PurchaseRequest = Latencies.Request + ".purchase";

    public const string Summary = "purchases while devices are connected and limited (renewed notification latency, cuts)";

    public const string Details =
        "Connects --devices-per-account devices on each of --accounts accounts, then runs purchase cycles at --rate cycles " +
        "per second, each on the next idle account: the operator expires the account (PUT /api/admin/accounts/{id}/subscription " +
        "{expiresAt: now, tier: trial}), its devices get subscription-expired and a limited session (sessionEndsAt = now + the " +
        "node's ActorSubs:Subscriptions:ExpiredSessionLimit), and --purchase-delay seconds later the account buys a monthly " +
        "web plan (POST /api/accounts/{id}/purchases, a new transaction id), which must lift the limit with a renewed " +
        "notification. Measures the renewed notification's arrival minus the purchase's response (and minus its request), " +
        "the purchase latency, and counts sessions cut with 4001 anyway: after their purchase was answered before the cut " +
        "(cut-anyway, a real failure) or because the purchase came too late (cut-before-purchase). Cut devices reconnect. " +
        "Keep --purchase-delay well below the node's limit (5 minutes by default; benchmarks use " +
        "ActorSubs__Subscriptions__ExpiredSessionLimit=00:00:05).";

    public sealed class Settings : FleetSettings
    {
        [CommandOption("--accounts <M>"), Description("accounts that churn"), DefaultValue(100), Between(1, 1_000_000)]
        public int Accounts { get; init; } = 100;

        [CommandOption("--devices-per-account <K>"), Description("connected devices on each account"), DefaultValue(2), Between(1, 1000)]
        public int DevicesPerAccount { get; init; } = 2;

        [CommandOption("--rate <PER_SECOND>"), Description("purchase cycles started per second (each on an account not already in a cycle)"), DefaultValue(20.0), Between(0.01, 100_000)]
        public double Rate { get; init; } = 20;

        [CommandOption("--purchase-delay <SECONDS>"), Description("from the expiry to the purchase: the devices are on a limited session meanwhile"), DefaultValue(1.0), Between(0, 3600)]
        public double PurchaseDelay { get; init; } = 1;

        [CommandOption("--ramp <PER_SECOND>"), Description("connects started per second; 0 starts them all at once"), DefaultValue(1000.0), Between(0, 1_000_000)]
        public double Ramp { get; init; } = 1000;

        [CommandOption("--duration <SECONDS>"), Description("time purchase cycles are started for"), DefaultValue(30.0), Between(1, 24 * 3600)]
        public override double DurationSeconds { get; init; } = 30;

        protected override void Check()
        {
            base.Check();
            CheckCap((long)Accounts * DevicesPerAccount, $"--accounts {Accounts:N0} × --devices-per-account {DevicesPerAccount}");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings common, CancellationToken cancellation)
    {
        const string Name = "renewal-churn";
        var (accounts, rate, ramp, delay, settings) = (common.Accounts, common.Rate, common.Ramp, TimeSpan.FromSeconds(common.PurchaseDelay), common.AsRun());
        var shape = new FleetShape(accounts, common.DevicesPerAccount, 0);

        await using var session = await OpenFleetAsync(common, shape, activate: true, cancellation);
        var recorder = new RunRecorder(Name, settings);
        var churn = new ChurnEvents(recorder);
        using var hub = new ClientHub(recorder, common.Targets, common.ConnectTimeout, churn);
        var states = session.Fleet.Accounts.Select(a => new AccountChurn(a)).ToArray();
        var clients = new List<DeviceClient>();
        foreach (var (state, a) in states.Select((s, i) => (s, i)))
        {
            foreach (var (device, j) in state.Account.Devices.Select((d, j) => (d, j)))
            {
                var client = new DeviceClient(hub, new FleetMember(state.Account, device, a, j)) { Target = clients.Count, Tag = state };
                state.Devices.Add(client);
                clients.Add(client);
            }
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var report = await WithProgressAsync(recorder, async () =>
        {
            Output.WriteLine($"{Name}: connecting {clients.Count:N0} devices of {accounts:N0} accounts to {common.TargetText} …");
            var connected = await ConnectRamp.RunAsync(clients, ramp, 1000, cancellation);
            await ConnectRamp.WaitUntilAsync(() => hub.Welcomed >= connected.Ok, common.ConnectTimeout, cancellation);
            Output.WriteLine($"{Name}: {connected.Ok:N0} connected; churning at {rate:0.##} purchases/s for {common.Duration.TotalSeconds:0.#} s …");
            churn.Reconnect = device => _ = ReconnectLaterAsync(device, bound.Token);

            bound.CancelAfter(common.Duration);
            var clock = Stopwatch.StartNew();
            var cycles = new List<Task>();
            long started = 0;
            var next = 0;
            while (!bound.IsCancellationRequested)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * rate) + 1;
                while (started < due)
                {
                    var idle = FindIdle(states, ref next);
                    started++;
                    if (idle is null)
                    {
                        recorder.Count("churn.skipped-all-accounts-busy");
                        continue;
                    }
                    cycles.Add(CycleAsync(session, idle, delay, recorder, bound.Token));
                }
                try { await Task.Delay(5, bound.Token); }
                catch (OperationCanceledException) { break; }
            }
            // Cycles that started finish (bounded: their requests time out) so every purchase gets its notifications.
            await Task.WhenAny(Task.WhenAll(cycles), Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None));
            await ConnectRamp.WaitUntilAsync(() => states.All(s => s.PendingRenewed <= 0), TimeSpan.FromSeconds(5), cancellation);
            recorder.Count("churn.cycles-started", cycles.Count);
            recorder.Count("churn.renewed-missing", states.Sum(s => Math.Max(0, s.PendingRenewed)));
            return recorder.ToReport(common.TargetText);
        });
        churn.Reconnect = null;
        await ConnectRamp.CloseAllAsync(clients, recordAsDisconnects: false);
        cancellation.ThrowIfCancellationRequested();
        await FinishAsync(report, common, cancellation);
        return LoadTestApp.ExitOk;
    }

    private static AccountChurn? FindIdle(AccountChurn[] states, ref int next)
    {
        for (var tried = 0; tried < states.Length; tried++)
        {
            var state = states[next];
            next = (next + 1) % states.Length;
            if (Interlocked.CompareExchange(ref state.Busy, 1, 0) == 0) return state;
        }
        return null;
    }

    /// <summary>Expire, wait, buy; then the devices' renewed notifications close the cycle.</summary>
    private static async Task CycleAsync(FleetSession session, AccountChurn state, TimeSpan delay, RunRecorder recorder, CancellationToken cancellation)
    {
        try
        {
            var expired = await session.Provisioner.SetExpiryAsync([state.Account], DateTimeOffset.UtcNow, "trial", cancellation);
            if (expired.Failed > 0)
            {
                recorder.Error("churn.expire." + expired.Failures.Keys.First().Replace(' ', '.'));
                return;
            }
            await Task.Delay(delay, cancellation);
            var transaction = $"churn-{Guid.NewGuid():N}";
            lock (state)
            {
                state.PurchaseSentAt = DateTimeOffset.UtcNow;
                state.PurchaseAnsweredAt = null;
                state.PendingRenewed = state.Devices.Count(d => d.State == AgentState.Open);
                state.Cycle++;
            }
            var answer = await session.Api.PostAsync($"/api/accounts/{state.Account.AccountId}/purchases",
                new { plan = "monthly", channel = "web", transactionId = transaction }, cancellation);
            recorder.Latency(PurchaseRequest, answer.Elapsed);
            if (!answer.Ok)
            {
                recorder.Error("churn.purchase." + answer.Error.ToString().Replace(' ', '.'));
                lock (state) state.PendingRenewed = 0;
                return;
            }
            recorder.Count("churn.purchases");
            var answeredAt = DateTimeOffset.UtcNow;
            lock (state)
            {
                state.PurchaseAnsweredAt = answeredAt;
                // Pushed before the HTTP answer reached us: recorded as no wait at all.
                for (var i = 0; i < state.EarlyRenewals.Count; i++) recorder.Latency(RenewedAfterResponse, TimeSpan.Zero);
                if (state.EarlyRenewals.Count > 0) recorder.Count("churn.renewed-before-response", state.EarlyRenewals.Count);
                state.EarlyRenewals.Clear();
            }
            // The next cycle on this account waits until the renewed notifications had a fair chance to arrive.
            await ConnectRamp.WaitUntilAsync(() => Volatile.Read(ref state.PendingRenewed) <= 0, TimeSpan.FromSeconds(5), cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref state.Busy, 0);
        }
    }

    private static async Task ReconnectLaterAsync(DeviceClient device, CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            await device.ConnectAsync(cancellation, "reconnect");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class AccountChurn(FleetAccount account)
    {
        public FleetAccount Account { get; } = account;
        public List<DeviceClient> Devices { get; } = [];
        public int Busy;
        public long Cycle;
        public DateTimeOffset? PurchaseSentAt;
        public DateTimeOffset? PurchaseAnsweredAt;
        public int PendingRenewed;
        public List<DateTimeOffset> EarlyRenewals { get; } = [];
        public ConcurrentDictionary<DeviceClient, DateTimeOffset> SessionEnds { get; } = new();
    }

    private sealed class ChurnEvents(RunRecorder recorder) : ClientEvents
    {
        public Action<DeviceClient>? Reconnect;

        public override void Notification(DeviceClient device, DateTimeOffset arrival, string id, string kind, DateTimeOffset? at,
            DateTimeOffset? sessionEndsAt)
        {
            var state = (AccountChurn)device.Tag!;
            if (kind == "subscription-expired" && sessionEndsAt is { } endsAt)
            {
                state.SessionEnds[device] = endsAt;
                return;
            }
            if (kind != "renewed") return;
            lock (state)
            {
                if (state.PurchaseSentAt is not { } sent || state.PendingRenewed <= 0) return;
                state.PendingRenewed--;
                state.SessionEnds.TryRemove(device, out _);
                recorder.Latency(RenewedAfterRequest, arrival - sent);
                if (state.PurchaseAnsweredAt is { } answered) recorder.Latency(RenewedAfterResponse, arrival - answered);
                else state.EarlyRenewals.Add(arrival);
            }
        }

        public override void Welcome(AgentClient client, DateTimeOffset arrival, DateTimeOffset? sessionEndsAt)
        {
            if (sessionEndsAt is { } endsAt && client.Tag is AccountChurn state) state.SessionEnds[(DeviceClient)client] = endsAt;
        }

        public override void Closed(AgentClient client, DateTimeOffset arrival, int? closeCode, bool byClient)
        {
            if (byClient || client is not DeviceClient device || device.Tag is not AccountChurn state) return;
            if (closeCode == 4001)
            {
                lock (state)
                {
                    state.SessionEnds.TryRemove(device, out var endsAt);
                    var answeredInTime = state.PurchaseAnsweredAt is { } answered && endsAt != default && answered < endsAt;
                    recorder.Count(answeredInTime ? "churn.cut-anyway" : "churn.cut-before-purchase");
                }
            }
            Reconnect?.Invoke(device);
        }
    }
}
