using ActorSubs.Domain.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// Property tests: random sequences of customer commands, the clock moving 0–400 days between them, with
/// transaction ids, hosts and licence keys drawn from small pools so that duplicates, replays and conflicts happen.
/// </summary>
public sealed class AccountInvariantSpecs
{
    private const int Cases = 300;

    /// <summary>One generated step: move the clock forward, then send the command.</summary>
    public sealed record Step(TimeSpan Advance, IAccountCommand Command)
    {
        public override string ToString() => $"+{Advance.TotalDays:0.##}d {Command}";
    }

    public sealed record Scenario(IReadOnlyList<Step> Steps)
    {
        public override string ToString() => string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i,3}: {s}"));
    }

    /// <summary>What happened to one step once decided: the states either side and the decision.</summary>
    private sealed record Outcome(Step Step, DateTimeOffset Now, AccountState Before, Decision Decision, AccountState After);

    private static readonly SubscriptionOptions Options = new();
    private static readonly DateTimeOffset SignUp = At.Utc(2025, 1, 1);

    private static readonly string[] TransactionIds = ["tx-1", "tx-2", "tx-3", "tx-4", "tx-5", "tx-6"];
    private static readonly string[] HostIds = ["h-1", "h-2", "h-3", "h-4", "h-5", "h-6", "h-7", "h-8", "h-9", "h-10", "h-11", "h-12"];
    private static readonly string[] LicenceKeys = ["key-a", "KEY-A", "key-b", "Key-C", "key-d"];

    private static Gen<IAccountCommand> Command()
    {
        var tx = Gen.Elements(TransactionIds).Select(t => new TransactionId(t));
        var purchase = Gen.Elements(Enum.GetValues<Plan>()).SelectMany(plan =>
            Gen.Elements(Enum.GetValues<Channel>()).SelectMany(channel =>
                tx.Select(t => (IAccountCommand)new Purchase(plan, channel, t))));
        var pack = tx.Select(t => (IAccountCommand)new BuyLicencePack(t));
        var addHost = Gen.Elements(HostIds).Select(h => (IAccountCommand)Cmd.AddHost(h));
        var removeHost = Gen.Elements(HostIds).Select(h => (IAccountCommand)Cmd.RemoveHost(h));
        var licence = Gen.Elements(LicenceKeys).SelectMany(k =>
            Gen.Elements(Enum.GetValues<LicenceProduct>()).Select(p => (IAccountCommand)Cmd.Licence(k, p)));
        var refund = tx.Select(t => (IAccountCommand)new Refund(t));
        var autoRenew = Gen.Elements(true, false).Select(on => (IAccountCommand)Cmd.AutoRenew(on));

        return Gen.Frequency(
            (6, purchase),
            (2, pack),
            (5, addHost),
            (2, removeHost),
            (2, licence),
            (3, refund),
            (2, autoRenew));
    }

    /// <summary>
    /// Clock moves between 0 and 400 days: often none (double clicks), often a little (inside renewal
    /// windows and grace), sometimes a lot (past expiry). Minute resolution.
    /// </summary>
    private static Gen<TimeSpan> Advance()
    {
        const int minutesPerDay = 24 * 60;
        return Gen.Frequency(
            (2, Gen.Constant(TimeSpan.Zero)),
            (5, Gen.Choose(0, 20 * minutesPerDay).Select(m => TimeSpan.FromMinutes(m))),
            (3, Gen.Choose(0, 400 * minutesPerDay).Select(m => TimeSpan.FromMinutes(m))));
    }

    private static Arbitrary<Scenario> Scenarios()
    {
        var step = Advance().SelectMany(advance => Command().Select(command => new Step(advance, command)));
        var gen = Gen.Choose(1, 60).SelectMany(n => Gen.ListOf(step, n)).Select(steps => new Scenario(steps.ToArray()));
        return Arb.From(gen, Shrink);
    }

    /// <summary>Shrinks a failing scenario by dropping one step at a time.</summary>
    private static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        for (var i = 0; i < scenario.Steps.Count; i++)
            yield return new Scenario(scenario.Steps.Where((_, j) => j != i).ToArray());
    }

    /// <summary>Creates the account at <see cref="SignUp"/> and decides every step, applying accepted events.</summary>
    private static IEnumerable<Outcome> Run(Scenario scenario)
    {
        var created = (AccountEvents.AccountCreated)AccountDecider.Decide(null, Cmd.Create(), SignUp, Options).Events.Single();
        var state = AccountState.Create(created);
        var now = SignUp;
        foreach (var step in scenario.Steps)
        {
            now += step.Advance;
            var before = state;
            var decision = AccountDecider.Decide(state, step.Command, now, Options);
            if (decision.Rejection is null)
                foreach (var e in decision.Events)
                    state = state.Apply(e);
            yield return new Outcome(step, now, before, decision, state);
        }
    }

    [Property(MaxTest = Cases)]
    public Property A_transaction_id_never_extends_the_expiry_twice() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var accepted = new Dictionary<string, Purchase>(StringComparer.Ordinal);
            foreach (var o in Run(scenario))
            {
                if (o.Step.Command is Purchase p && accepted.TryGetValue(p.TransactionId.Value, out var first) && first == p)
                {
                    // The sequence itself replayed an accepted purchase: nothing may happen.
                    Assert.True(o.Decision.Rejection is null, $"replay of {p} was rejected: {o.Decision.Rejection}");
                    Assert.Empty(o.Decision.Events);
                    Assert.Equal(o.Before.ExpiresAt, o.After.ExpiresAt);
                }
                if (o.Step.Command is Purchase bought && o.Decision is { Rejection: null, Events.Count: > 0 })
                    accepted.TryAdd(bought.TransactionId.Value, bought);

                // And every purchase accepted so far, replayed now, is a no-op.
                foreach (var earlier in accepted.Values)
                {
                    var replay = AccountDecider.Decide(o.After, earlier, o.Now, Options);
                    Assert.True(replay.Rejection is null, $"replay of {earlier} at {o.Now:O} was rejected: {replay.Rejection}");
                    Assert.Empty(replay.Events);
                }
            }
        });

    [Property(MaxTest = Cases)]
    public Property The_expiry_never_moves_back_except_through_a_refund() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            foreach (var o in Run(scenario))
            {
                var state = o.Before;
                foreach (var e in o.Decision.Events)
                {
                    var next = state.Apply(e);
                    if (e is not AccountEvents.Refunded)
                        Assert.True(next.ExpiresAt >= state.ExpiresAt,
                            $"{e} moved the expiry back from {state.ExpiresAt:O} to {next.ExpiresAt:O} at {o.Now:O}");
                    state = next;
                }
            }
        });

    // The invariant is checked at the moment an AddHost is accepted, not after every command: refunding a licence
    // pack lowers the limit and may legitimately leave more hosts registered than the new limit allows (the hosts
    // are not removed; only further additions are refused).
    [Property(MaxTest = Cases)]
    public Property An_accepted_host_never_takes_the_account_over_its_host_limit() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            foreach (var o in Run(scenario))
            {
                if (o.Step.Command is AddHost && o.Decision.Rejection is null)
                    Assert.True(o.After.Hosts.Count <= o.After.HostLimit(Options),
                        $"{o.After.Hosts.Count} hosts with a limit of {o.After.HostLimit(Options)} after {o.Step.Command}");
                if (o.Step.Command is AddHost && o.Decision.Rejection is { Code: RejectionCodes.HostLimitReached })
                    Assert.True(o.Before.Hosts.Count >= o.Before.HostLimit(Options));
            }
        });
}
