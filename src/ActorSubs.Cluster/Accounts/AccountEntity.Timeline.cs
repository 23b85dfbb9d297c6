using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;

namespace ActorSubs.Cluster.Accounts;

/// <summary>
/// The account's own clock (R9, R10, R13): one timer armed for the next due instant of
/// <see cref="AccountTimeline"/>. On recovery whatever was missed is done at once: late, never not at all.
/// </summary>
public sealed partial class AccountEntity
{
    /// <summary>The scheduler takes delays up to about 24 days; a longer wait is re-armed on waking.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

    private bool _chargeInFlight;

    /// <summary>The due instant the wake-up index holds for us (acknowledged), and one being registered.</summary>
    private DateTimeOffset? _registeredWakeup;
    private DateTimeOffset? _registeringWakeup;
    private bool _sleepWhenRegistered;

    private void ReadyTimeline()
    {
        Command<DueTick>(_ => CatchUp());
        Command<ChargeCompleted>(HandleChargeCompleted);
        Command<WakeupProtocol.Wake>(wake =>
        {
            // Acknowledged once the due work is written: a wake-up lost in a crash is sent again.
            var bucket = Sender;
            CatchUp(() => bucket.Tell(new WakeupProtocol.WakeAcknowledged(wake.BucketId, wake.AccountId, wake.DueAt)));
        });
        Command<WakeupProtocol.Registered>(registered =>
        {
            if (registered.DueAt != _registeringWakeup) return;
            _registeredWakeup = registered.DueAt;
            _registeringWakeup = null;
            if (_sleepWhenRegistered && !HasSessions && !NextDueSoon()) Context.Parent.Tell(new Passivate(StopEntity.Instance));
        });
    }

    /// <summary>Writes whatever is due now (reminders, the expiry), starts a due charge, and re-arms the timer.</summary>
    private void CatchUp(Action? afterWrite = null)
    {
        if (_state is null)
        {
            afterWrite?.Invoke();
            return;
        }
        var work = AccountTimeline.Due(_state, Now, _rules);
        if (work.Charge is { } charge && !_chargeInFlight) StartCharge(charge);
        if (work.Events.Count > 0) PersistThen(work.Events, afterWrite ?? (() => { }));
        else
        {
            Reschedule();
            afterWrite?.Invoke();
        }
    }

    /// <summary>
    /// Tells the wake-up index our next due instant unless it already holds it; true while a registration
    /// is on its way (the caller waits for <see cref="WakeupProtocol.Registered"/> before sleeping).
    /// </summary>
    private bool RegisterWakeup()
    {
        if (_state is null || AccountTimeline.NextDueAt(_state, Now, _rules) is not { } next || next == _registeredWakeup) return false;
        _registeringWakeup = next;
        var o = _deps.WakeupOptions;
        _deps.Wakeups.Tell(new WakeupProtocol.Register(WakeupBuckets.For(AccountId.Value, next, o), AccountId.Value, next));
        return true;
    }

    private void Reschedule()
    {
        if (_state is null) return;
        if (AccountTimeline.NextDueAt(_state, Now, _rules) is not { } next)
        {
            Timers.Cancel(DueTick.Instance);
            return;
        }
        var delay = next - Now;
        Timers.StartSingleTimer(DueTick.Instance, DueTick.Instance, delay < LongestTimer ? delay : LongestTimer);
    }

    private bool NextDueSoon() =>
        _state is not null && AccountTimeline.NextDueAt(_state, Now, _rules) is { } next && next - Now < _settings.StayAwakeBeforeDue;

    /// <summary>R9: charge the channel. The key names the period and attempt, so a retry after a crash is the same charge.</summary>
    private void StartCharge(RenewalChargeDue charge)
    {
        _chargeInFlight = true;
        var key = $"{AccountId.Value}-{_state!.ExpiresAt.UtcDateTime:yyyyMMddHHmmss}-{charge.Attempt}";
        var request = new ChargeRequest(AccountId.Value, charge.Channel, charge.Plan, charge.Attempt, key);
        _log.Info("Charging {0} renewal of {1} (attempt {2})", WireNames.Of(charge.Channel), AccountId, charge.Attempt);
        _deps.Payments.ChargeAsync(request, CancellationToken.None).ContinueWith(
            t => new ChargeCompleted(charge.Attempt, t.IsCompletedSuccessfully
                ? t.Result
                : ChargeResult.Declined($"payment channel error: {t.Exception?.GetBaseException().Message ?? "cancelled"}")),
            TaskScheduler.Default).PipeTo(Self);
    }

    private void HandleChargeCompleted(ChargeCompleted completed)
    {
        _chargeInFlight = false;
        if (_state is null) return;
        IAccountCommand command = completed.Result is { Succeeded: true, TransactionId: { } tx }
            ? new AccountCommands.RecordRenewalCharge(new TransactionId(tx), completed.Attempt)
            : new AccountCommands.RecordRenewalDecline(completed.Attempt, completed.Result.DeclineReason ?? "declined");
        var decision = AccountDecider.Decide(_state, command, Now, _rules);
        if (decision.Rejection is { } rejection)
        {
            _log.Warning("Renewal charge result for {0} not recorded: {1}", AccountId, rejection.Detail);
            CatchUp();
            return;
        }
        if (!completed.Result.Succeeded)
            _log.Warning("Renewal charge of {0} declined (attempt {1}): {2}", AccountId, completed.Attempt, completed.Result.DeclineReason);
        PersistThen(decision.Events, () => { }); // PersistThen catches up after every write
    }

    private sealed class DueTick
    {
        public static readonly DueTick Instance = new();
    }

    private sealed record ChargeCompleted(int Attempt, ChargeResult Result);
}
