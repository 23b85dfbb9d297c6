using ActorSubs.Domain.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Domain.Tests;

/// <summary>
/// Property tests of the account's clock (R9, R10, R13): the status agrees with <see cref="AccountTimeline.IsExpired"/>
/// at every instant, and an account driven by random commands while its timer fires (on the due instants and at
/// random ones) never raises subscription-expired twice for one expiry nor reuses a notification id.
/// </summary>
public sealed class TimelineInvariantSpecs
{
    private const int Cases = 300;

    private static readonly DateTimeOffset SignUp = At.Utc(2025, 1, 1);

    private static AccountState NewAccount(SubscriptionOptions o) =>
        AccountState.Create((AccountEvents.AccountCreated)AccountDecider.Decide(null, Cmd.Create(), SignUp, o).Events.Single());

    // ---- Status and IsExpired -------------------------------------------------------------------------------

    public sealed record Subscription(Tier Tier, Channel Channel, bool AutoRenew, TimeSpan Grace, TimeSpan[] Offsets)
    {
        public override string ToString() =>
            $"{Tier} {Channel} autoRenew={AutoRenew} grace={Grace} offsets from expiry=[{string.Join(", ", Offsets)}]";
    }

    private static Arbitrary<Subscription> Subscriptions()
    {
        const int minutesPerDay = 24 * 60;
        var grace = Gen.Frequency(
            (2, Gen.Constant(TimeSpan.Zero)),
            (2, Gen.Constant(TimeSpan.FromDays(7))),
            (4, Gen.Choose(0, 30 * minutesPerDay).Select(m => TimeSpan.FromMinutes(m))));
        var randomOffset = Gen.Frequency(
            (3, Gen.Choose(-40 * minutesPerDay, 40 * minutesPerDay).Select(m => TimeSpan.FromMinutes(m))),
            (1, Gen.Choose(-1000, 1000).Select(t => TimeSpan.FromTicks(t))));
        var gen =
            from tier in Gen.Elements(Enum.GetValues<Tier>())
            from channel in Gen.Elements(Enum.GetValues<Channel>())
            from autoRenew in Gen.Elements(true, false)
            from g in grace
            from offsets in Gen.Choose(1, 30).SelectMany(n => Gen.ListOf(randomOffset, n))
            select new Subscription(tier, channel, autoRenew, g, [.. offsets]);
        return Arb.From(gen);
    }

    [Property(MaxTest = 500)]
    public Property Status_is_expired_exactly_when_the_timeline_says_service_has_ended() =>
        Prop.ForAll(Subscriptions(), sub =>
        {
            var o = new SubscriptionOptions { BillingGrace = sub.Grace };
            var state = NewAccount(o) with
            {
                Tier = sub.Tier,
                Plan = sub.Tier == Tier.Paid ? Plan.Monthly : null,
                Channel = sub.Tier == Tier.Paid ? sub.Channel : null,
                AutoRenew = sub.AutoRenew,
            };
            // Every boundary, one tick either side, and the random instants.
            var boundaries = new[] { TimeSpan.Zero, sub.Grace, -o.LongestReminderLead }
                .SelectMany(b => new[] { b - TimeSpan.FromTicks(1), b, b + TimeSpan.FromTicks(1) });
            foreach (var offset in boundaries.Concat(sub.Offsets))
            {
                var now = state.ExpiresAt + offset;
                var status = state.Status(now, o);
                var expired = AccountTimeline.IsExpired(state, now, o);
                Assert.True((status == SubscriptionStatus.Expired) == expired,
                    $"at expiry + ({offset}): status {status} but IsExpired={expired}");
                if (status == SubscriptionStatus.Grace)
                    Assert.True(now >= state.ExpiresAt && state is { Tier: Tier.Paid, AutoRenew: true });
            }
        });

    // ---- Random commands with the clock running -------------------------------------------------------------

    /// <summary>An operator adjustment that moves the expiry <paramref name="By"/> later than it is when the step runs.</summary>
    public sealed record ExtendExpiry(TimeSpan By) : IAccountCommand;

    /// <summary>
    /// One generated step: move the clock (<paramref name="Advance"/> null: to the next due instant, as the timer
    /// does), let the clock run, send the command if any, and let the clock run again. A charge that falls due
    /// succeeds or is declined as <paramref name="ChargeSucceeds"/> says.
    /// </summary>
    public sealed record Step(TimeSpan? Advance, IAccountCommand? Command, bool ChargeSucceeds)
    {
        public override string ToString() =>
            $"{(Advance is { } a ? $"+{a.TotalDays:0.###}d" : "to next due")} {Command?.ToString() ?? "(clock only)"}" +
            $" charge {(ChargeSucceeds ? "succeeds" : "declined")}";
    }

    public sealed record Scenario(IReadOnlyList<Step> Steps)
    {
        public override string ToString() => string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i,3}: {s}"));
    }

    private static readonly SubscriptionOptions Options = new();
    private static readonly string[] TransactionIds = ["tx-1", "tx-2", "tx-3", "tx-4"];
    private static readonly string[] DeviceIds = ["phone", "tablet", "browser"];
    private static readonly string[] LicenceKeys = ["key-a", "key-b", "key-c"];

    private static Gen<IAccountCommand> Command()
    {
        var tx = Gen.Elements(TransactionIds).Select(t => new TransactionId(t));
        var purchase =
            from plan in Gen.Elements(Enum.GetValues<Plan>())
            from channel in Gen.Elements(Enum.GetValues<Channel>())
            from t in tx
            select (IAccountCommand)new Purchase(plan, channel, t);
        var autoRenew = Gen.Elements(true, false).Select(on => (IAccountCommand)Cmd.AutoRenew(on));
        var licence =
            from key in Gen.Elements(LicenceKeys)
            from product in Gen.Elements(Enum.GetValues<LicenceProduct>())
            select (IAccountCommand)Cmd.Licence(key, product);
        var pack = tx.Select(t => (IAccountCommand)new BuyLicencePack(t));
        var addDevice =
            from d in Gen.Elements(DeviceIds)
            from p in Gen.Elements(Enum.GetValues<Platform>())
            select (IAccountCommand)Cmd.AddDevice(d, p);
        var removeDevice = Gen.Elements(DeviceIds).Select(d => (IAccountCommand)Cmd.RemoveDevice(d));
        var ack =
            from d in Gen.Elements(DeviceIds)
            from n in Gen.Choose(1, 25)
            select (IAccountCommand)Cmd.Ack(d, $"n{n}");
        var refund = tx.Select(t => (IAccountCommand)new Refund(t));
        var extend = Gen.Choose(1, 90).Select(d => (IAccountCommand)new ExtendExpiry(TimeSpan.FromDays(d)));

        return Gen.Frequency(
            (5, purchase),
            (3, autoRenew),
            (1, licence),
            (1, pack),
            (3, addDevice),
            (1, removeDevice),
            (3, ack),
            (2, refund),
            (1, extend));
    }

    private static Gen<TimeSpan?> Advance()
    {
        const int minutesPerDay = 24 * 60;
        return Gen.Frequency(
            (4, Gen.Constant((TimeSpan?)null)),
            (1, Gen.Constant((TimeSpan?)TimeSpan.Zero)),
            (4, Gen.Choose(0, 20 * minutesPerDay).Select(m => (TimeSpan?)TimeSpan.FromMinutes(m))),
            (1, Gen.Choose(0, 200 * minutesPerDay).Select(m => (TimeSpan?)TimeSpan.FromMinutes(m))));
    }

    private static Arbitrary<Scenario> Scenarios()
    {
        var command = Gen.Frequency(
            (1, Gen.Constant((IAccountCommand?)null)),
            (3, Command().Select(c => (IAccountCommand?)c)));
        var step =
            from advance in Advance()
            from c in command
            from succeeds in Gen.Elements(true, false, false)
            select new Step(advance, c, succeeds);
        var gen = Gen.Choose(1, 80).SelectMany(n => Gen.ListOf(step, n)).Select(steps => new Scenario([.. steps]));
        return Arb.From(gen, Shrink);
    }

    /// <summary>Shrinks a failing scenario by dropping one step at a time.</summary>
    private static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        for (var i = 0; i < scenario.Steps.Count; i++)
            yield return new Scenario(scenario.Steps.Where((_, j) => j != i).ToArray());
    }

    /// <summary>The account as the entity runs it: commands and charge results with their notifications, and the clock.</summary>
    private sealed class Runner
    {
        private int _renewals;

        public AccountState State { get; private set; } = NewAccount(Options);

        public DateTimeOffset Now { get; private set; } = SignUp;

        public List<(DateTimeOffset At, string Source, Notification Notification)> Raised { get; } = [];

        /// <summary>How many notifications had been raised when each revival (purchase, renewal, extension, adjustment) was written.</summary>
        public List<int> Revivals { get; } = [];

        public void Run(Step step)
        {
            Now = step.Advance is { } by ? Now + by : AccountTimeline.NextDueAt(State, Now, Options) ?? Now + TimeSpan.FromDays(1);
            Clock(step.ChargeSucceeds);
            if (step.Command is { } command)
            {
                if (command is ExtendExpiry extend) command = Cmd.Adjust(State.ExpiresAt + extend.By);
                Decide(command, command.GetType().Name);
            }
            Clock(step.ChargeSucceeds);
        }

        private void Clock(bool chargeSucceeds)
        {
            // As the entity does: after each charge result, catch up again, until no charge is due.
            for (var round = 0; ; round++)
            {
                Assert.True(round < 1000, $"charges never stop falling due at {Now:O}");
                var work = AccountTimeline.Due(State, Now, Options);
                Write(work.Events, "timeline");
                if (work.Charge is not { } charge) break;
                Decide(chargeSucceeds
                    ? Cmd.RenewalCharged($"tx-renew-{++_renewals}", charge.Attempt)
                    : Cmd.RenewalDeclined(charge.Attempt), "charge result");
            }
            // The clock has caught up: asking again at the same instant raises nothing.
            var again = AccountTimeline.Due(State, Now, Options).Events;
            Assert.True(again.Count == 0, $"Due raised {again.Count} more event(s) at {Now:O} right after catching up: {string.Join(", ", again)}");
        }

        private void Decide(IAccountCommand command, string source)
        {
            var decision = AccountDecider.Decide(State, command, Now, Options);
            if (decision.Rejection is null)
                Write(NotificationRules.WithNotifications(State, decision.Events, Now, Options).Events, source);
        }

        private void Write(IReadOnlyList<IAccountEvent> events, string source)
        {
            foreach (var e in events)
            {
                State = State.Apply(e);
                if (e is AccountEvents.NotificationRaised r) Raised.Add((Now, source, r.Notification));
                if (e is AccountEvents.Purchased or AccountEvents.RenewalCharged or AccountEvents.SubscriptionAdjusted
                    or AccountEvents.LicenceRegistered { Product: LicenceProduct.DesktopPermanent })
                    Revivals.Add(Raised.Count);
            }
        }

        public string History() => string.Join(Environment.NewLine,
            Raised.Select(r => $"  {r.Notification.Id} {r.Notification.Kind} at {r.At:O} ({r.Source}) expiresAt={r.Notification.Data.ExpiresAt:O}"));
    }

    /// <summary>
    /// An expiry is announced once; it may be announced again only after something made the subscription
    /// live in between (a purchase, renewal, extension or adjustment), e.g. a refund back onto an old expiry.
    /// </summary>
    [Property(MaxTest = Cases)]
    public Property Subscription_expired_is_never_raised_twice_for_the_same_expiry_without_a_revival_between() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var runner = new Runner();
            foreach (var step in scenario.Steps)
                runner.Run(step);

            var expiredAt = runner.Raised
                .Select((r, index) => (r, index))
                .Where(x => x.r.Notification.Kind == NotificationKind.SubscriptionExpired)
                .ToList();
            foreach (var group in expiredAt.GroupBy(x => x.r.Notification.Data.ExpiresAt))
            {
                foreach (var (earlier, later) in group.Zip(group.Skip(1)))
                {
                    var revived = runner.Revivals.Any(r => r > earlier.index && r <= later.index);
                    Assert.True(revived,
                        $"subscription-expired raised twice for expiry {group.Key:O} with no revival between:{Environment.NewLine}{runner.History()}");
                }
            }
        });

    [Property(MaxTest = Cases)]
    public Property A_notification_id_is_never_raised_twice() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var runner = new Runner();
            foreach (var step in scenario.Steps)
                runner.Run(step);

            var ids = runner.Raised.Select(r => r.Notification.Id).ToList();
            Assert.True(ids.Count == ids.Distinct(StringComparer.Ordinal).Count(), $"repeated notification id:{Environment.NewLine}{runner.History()}");
            Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"n{i}"), ids.Select(id => id.Split('-')[0]));
            Assert.True(runner.State.Outbox.Count <= Options.OutboxLimit);
            Assert.All(runner.State.Outbox, p => Assert.NotEmpty(p.Recipients));
        });
}
