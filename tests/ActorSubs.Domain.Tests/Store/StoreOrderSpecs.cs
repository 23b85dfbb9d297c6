using System.Globalization;
using System.Text;
using ActorSubs.Domain.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Domain.Tests.Store;

/// <summary>
/// Store notifications arrive duplicated and out of order (stores retry; Pub/Sub does not order). Property: any
/// permutation of a sequence of notifications, with any duplicates, stepped through <see cref="AccountSteps.Handle"/>
/// as the entity does, leaves the subscription as the de-duplicated sequence in the store's order leaves it.
/// </summary>
public sealed class StoreOrderSpecs
{
    private const int Cases = 500;
    private const int MinutesPerDay = 24 * 60;

    private static readonly SubscriptionOptions Options = new();
    private static readonly DateTimeOffset SignUp = At.Utc(2025, 1, 1);
    private static readonly string[] TransactionIds = ["tx-0", "tx-1", "tx-2", "tx-3"];
    // Revocations may also name a transaction no notification ever buys: its tombstone stays.
    private static readonly string[] RevocableIds = [.. TransactionIds, "tx-never-bought"];

    /// <summary>The store's notifications in its own order (distinct ids, rising instants), and the order they arrive in.</summary>
    public sealed record Scenario(Channel Channel, IReadOnlyList<ApplyStoreNotification> Ordered, IReadOnlyList<int> Arrival)
    {
        public override string ToString()
        {
            var text = new StringBuilder($"channel {Channel}{Environment.NewLine}");
            foreach (var (c, i) in Ordered.Select((c, i) => (c.Notification, i)))
                text.AppendLine(CultureInfo.InvariantCulture, $"{i,3}: {c.NotificationId} at {c.OccurredAt:O}: {c.Change}");
            return text.Append("arrival: ").Append(string.Join(", ", Arrival)).ToString();
        }
    }

    [Property(MaxTest = Cases)]
    public Property Any_arrival_order_with_duplicates_leaves_the_subscription_the_ordered_sequence_leaves() =>
        Prop.ForAll(Arb.From(Scenarios()), scenario =>
        {
            var ordered = Run(scenario.Ordered);
            var arrived = Run(scenario.Arrival.Select(i => scenario.Ordered[i]).ToList());

            var instants = InstantsToCompare(ordered);
            Assert.Equal(Describe(ordered, instants), Describe(arrived, instants));
        });

    [Property(MaxTest = Cases)]
    public Property Delivering_the_whole_sequence_again_changes_nothing() =>
        Prop.ForAll(Arb.From(Scenarios()), scenario =>
        {
            var once = Run(scenario.Ordered);
            var now = Latest(scenario.Ordered) + TimeSpan.FromDays(30);
            foreach (var command in scenario.Ordered)
            {
                var step = AccountSteps.Handle(once, command, now, Options);
                Assert.Null(step.Rejection);
                Assert.Empty(step.Events);
            }
        });

    /// <summary>Signs up, registers a device (so notifications are raised too), and steps through the commands.</summary>
    private static AccountState Run(IReadOnlyList<ApplyStoreNotification> commands)
    {
        var state = AccountSteps.Handle(null, Cmd.Create(), SignUp, Options).State!;
        state = AccountSteps.Handle(state, Cmd.AddDevice("phone"), SignUp, Options).State!;
        var now = SignUp + TimeSpan.FromMinutes(1);
        foreach (var command in commands)
        {
            var step = AccountSteps.Handle(state, command, now, Options);
            Assert.True(step.Rejection is null, $"{command} was rejected: {step.Rejection}");
            state = step.State!;
            now += TimeSpan.FromHours(1);
        }
        return state;
    }

    private static DateTimeOffset Latest(IEnumerable<ApplyStoreNotification> commands) => commands.Max(c => c.Notification.OccurredAt);

    /// <summary>A spread of instants, and each side of the ordered account's expiry and end of service.</summary>
    private static DateTimeOffset[] InstantsToCompare(AccountState ordered)
    {
        var ends = AccountTimeline.ServiceEndsAt(ordered, Options);
        var minute = TimeSpan.FromMinutes(1);
        return
        [
            .. new[] { 10, 40, 100, 200, 300, 400, 600, 900 }.Select(d => SignUp.AddDays(d)),
            ordered.ExpiresAt - minute, ordered.ExpiresAt, ordered.ExpiresAt + minute, ends - minute, ends, ends + minute,
        ];
    }

    /// <summary>What must match: tier, plan, channel, expiry, auto-renew, status at each instant, transactions, tombstones.</summary>
    private static string Describe(AccountState s, IEnumerable<DateTimeOffset> instants)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{s.Tier} {s.Plan} {s.Channel} expires {s.ExpiresAt:O} auto-renew {s.AutoRenew}");
        text.AppendLine(CultureInfo.InvariantCulture, $"service ends {AccountTimeline.ServiceEndsAt(s, Options):O}");
        foreach (var at in instants)
            text.AppendLine(CultureInfo.InvariantCulture, $"at {at:O}: {s.Status(at, Options)}");
        foreach (var t in s.Transactions.Values.OrderBy(t => t.Id.Value, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"{t.Id} {t.Plan} {t.Channel} {t.PeriodStart:O}..{t.PeriodEnd:O} refunded {t.Refunded}");
        foreach (var (id, at) in s.Store.RevokedUnseen.OrderBy(r => r.Key, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"revoked before seen: {id} at {at:O}");
        text.AppendLine(CultureInfo.InvariantCulture, $"newest billing {s.Store.Billing}, newest auto-renew {s.Store.AutoRenew}");
        text.Append("ids seen: ").Append(string.Join(", ", s.Store.RecentNotificationIds.Order(StringComparer.Ordinal)));
        return text.ToString();
    }

    private static Gen<Scenario> Scenarios() =>
        Gen.Elements(Enum.GetValues<Channel>()).SelectMany(channel =>
            Gen.ListOf(PeriodTerms(), TransactionIds.Length).SelectMany(terms =>
            {
                var pool = terms.Select((t, i) => new StoreChange.PeriodPaid(
                    new TransactionId(TransactionIds[i]), t.Plan, t.PurchasedAt, Plans.PeriodEnd(t.Plan, t.PurchasedAt))).ToArray();
                return Gen.Choose(1, 30).SelectMany(n =>
                    Gen.ListOf(Gen.Choose(1, 40 * MinutesPerDay), n).SelectMany(gaps =>
                        Gen.ListOf(Change(pool), n).SelectMany(changes =>
                        {
                            var at = SignUp;
                            var ordered = gaps.Zip(changes, (gap, change) => (gap, change)).Select((g, i) =>
                            {
                                at += TimeSpan.FromMinutes(g.gap);
                                return new ApplyStoreNotification(new StoreNotification($"n-{i}", channel, at, g.change(at)));
                            }).ToArray();
                            return Arrival(n).Select(arrival => new Scenario(channel, ordered, arrival));
                        })));
            }));

    private static Gen<(Plan Plan, DateTimeOffset PurchasedAt)> PeriodTerms() =>
        Gen.Elements(Enum.GetValues<Plan>()).SelectMany(plan =>
            Gen.Choose(0, 300 * MinutesPerDay).Select(m => (plan, SignUp + TimeSpan.FromMinutes(m))));

    /// <summary>One change, made at the instant the notification gets (a grace ends some days after it).</summary>
    private static Gen<Func<DateTimeOffset, StoreChange>> Change(StoreChange.PeriodPaid[] pool) => Gen.Frequency(
        (4, Gen.Elements(pool).Select(p => (Func<DateTimeOffset, StoreChange>)(_ => p))),
        (2, Gen.Elements(true, false).Select(on => (Func<DateTimeOffset, StoreChange>)(_ => new StoreChange.AutoRenewSwitched(on)))),
        (2, Gen.Choose(0, 20).Select(days => (Func<DateTimeOffset, StoreChange>)(at =>
            new StoreChange.BillingRetry(days == 0 ? null : at.AddDays(days))))),
        (1, Gen.Constant((Func<DateTimeOffset, StoreChange>)(_ => new StoreChange.Lapsed()))),
        (2, Gen.Elements(RevocableIds).Select(id => (Func<DateTimeOffset, StoreChange>)(_ => new StoreChange.Revoked(new TransactionId(id))))));

    /// <summary>Every index at least once, up to <paramref name="n"/> of them again, in a random order.</summary>
    private static Gen<IReadOnlyList<int>> Arrival(int n) =>
        Gen.Choose(0, n).SelectMany(extra =>
            Gen.ListOf(Gen.Choose(0, n - 1), extra).SelectMany(duplicates =>
                Gen.ListOf(Gen.Choose(0, 1_000_000), n + extra).Select(keys =>
                    (IReadOnlyList<int>)Enumerable.Range(0, n).Concat(duplicates)
                        .Zip(keys, (index, key) => (index, key))
                        .OrderBy(p => p.key)
                        .Select(p => p.index)
                        .ToArray())));
}
