using ActorSubs.Domain.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Domain.Tests.Store;

/// <summary>
/// Store notifications mixed with the API's commands on one account (purchases, refunds, auto-renew, licences,
/// operator adjustments), the clock moving between them: a store notification is never refused and never throws, is a
/// no-op the second time, and moves the expiry back only by revoking a transaction.
/// </summary>
public sealed class StoreMixedCommandSpecs
{
    private const int Cases = 300;
    private const int MinutesPerDay = 24 * 60;

    private static readonly SubscriptionOptions Options = new();
    private static readonly DateTimeOffset SignUp = At.Utc(2025, 1, 1);
    // The API and the stores draw from one pool of transaction ids, so they collide.
    private static readonly string[] TransactionIds = ["tx-1", "tx-2", "tx-3", "tx-4"];

    public sealed record Step(TimeSpan Advance, IAccountCommand Command)
    {
        public override string ToString() => $"+{Advance.TotalDays:0.##}d {Command}";
    }

    [Property(MaxTest = Cases)]
    public Property A_store_notification_among_api_commands_is_accepted_once_and_only_a_revocation_moves_the_expiry_back() =>
        Prop.ForAll(Arb.From(Steps()), steps =>
        {
            var state = AccountSteps.Handle(null, Cmd.Create(), SignUp, Options).State!;
            state = AccountSteps.Handle(state, Cmd.AddDevice("phone"), SignUp, Options).State!;
            var now = SignUp;
            var sequence = 0;
            foreach (var step in steps)
            {
                now += step.Advance;
                var command = step.Command is ApplyStoreNotification store
                    ? new ApplyStoreNotification(store.Notification with { NotificationId = $"n-{sequence++}", OccurredAt = now })
                    : step.Command;
                var taken = AccountSteps.Handle(state, command, now, Options);
                if (command is not ApplyStoreNotification)
                {
                    state = taken.State ?? state;
                    continue;
                }

                Assert.True(taken.Rejection is null, $"{command} was refused at {now:O}: {taken.Rejection}");
                var revokes = ((ApplyStoreNotification)command).Notification.Change is StoreChange.Revoked;
                Assert.True(revokes || taken.State!.ExpiresAt >= state.ExpiresAt,
                    $"{command} moved the expiry back from {state.ExpiresAt:O} to {taken.State!.ExpiresAt:O}");
                state = taken.State!;
                var again = AccountSteps.Handle(state, command, now, Options);
                Assert.Empty(again.Events);
            }
        });

    private static Gen<Step[]> Steps()
    {
        var tx = Gen.Elements(TransactionIds);
        var plan = Gen.Elements(Enum.GetValues<Plan>());
        var channel = Gen.Elements(Enum.GetValues<Channel>());
        Gen<IAccountCommand> Store(Gen<StoreChange> change) =>
            channel.SelectMany(c => change.Select(ch => (IAccountCommand)new ApplyStoreNotification(new StoreNotification("n", c, SignUp, ch))));

        var storePeriod = Store(tx.SelectMany(t => plan.SelectMany(p => Gen.Choose(-40 * MinutesPerDay, 40 * MinutesPerDay).Select(m =>
        {
            var start = SignUp.AddDays(200) + TimeSpan.FromMinutes(m);
            return (StoreChange)new StoreChange.PeriodPaid(new TransactionId(t), p, start, Plans.PeriodEnd(p, start));
        }))));
        var command = Gen.Frequency(
            (4, storePeriod),
            (2, Store(Gen.Elements(true, false).Select(on => (StoreChange)new StoreChange.AutoRenewSwitched(on)))),
            (1, Store(Gen.Choose(0, 20).Select(d => (StoreChange)new StoreChange.BillingRetry(d == 0 ? null : SignUp.AddDays(200 + d))))),
            (1, Store(Gen.Constant((StoreChange)new StoreChange.Lapsed()))),
            (2, Store(tx.Select(t => (StoreChange)new StoreChange.Revoked(new TransactionId(t))))),
            (3, plan.SelectMany(p => channel.SelectMany(c => tx.Select(t => (IAccountCommand)Cmd.Buy(p, c, t))))),
            (1, tx.Select(t => (IAccountCommand)Cmd.Refund(t))),
            (1, tx.Select(t => (IAccountCommand)Cmd.LicencePack(t))),
            (1, Gen.Elements(true, false).Select(on => (IAccountCommand)Cmd.AutoRenew(on))),
            (1, Gen.Elements("key-a", "key-b").Select(k => (IAccountCommand)Cmd.Licence(k, LicenceProduct.DesktopPermanent))),
            (1, Gen.Elements(Tier.Free, Tier.Paid).Select(t => (IAccountCommand)Cmd.Adjust(SignUp.AddDays(120), t, Plan.Monthly))));
        var advance = Gen.Choose(0, 60 * MinutesPerDay).Select(m => TimeSpan.FromMinutes(m));
        var step = advance.SelectMany(a => command.Select(c => new Step(a, c)));
        return Gen.Choose(1, 40).SelectMany(n => Gen.ListOf(step, n)).Select(s => s.ToArray());
    }
}
