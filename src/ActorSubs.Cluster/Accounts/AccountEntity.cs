using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Licences;
using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Security;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using static ActorSubs.Cluster.Accounts.AccountProtocol;
using static ActorSubs.Cluster.Gateway.GatewayProtocol;

namespace ActorSubs.Cluster.Accounts;

/// <summary>Everything an account entity needs besides its id; one instance shared by all entities of a node.</summary>
public sealed record AccountEntityDependencies(
    SubscriptionOptions Rules, PromptOptions Prompts, EntitySettings Settings, TimeProvider Clock, IActorRef Licences,
    IPaymentChannels Payments, PaymentOptions PaymentOptions, WakeupOptions Wakeups, TimelineWritePermits WritePermits);

/// <summary>
/// One customer account: a sharded persistent actor. <see cref="AccountSteps"/> decides every event (a command's,
/// the notifications it raises, what falls due, the next wake-up); the entity writes them in one batch, takes the
/// state the step computed, replies after the write and tells the attached sessions. Two things do not wait in
/// line: a licence claim is pending state, not a stash, and what the clock raises is pushed as the timer fires,
/// before its write (its id survives a crash, see <see cref="AccountTimeline.Raise"/>).
/// </summary>
public sealed class AccountEntity : ReceivePersistentActor, IWithTimers
{
    private readonly AccountEntityDependencies _deps;
    private readonly SubscriptionOptions _rules;
    private readonly AccountSessions<IActorRef> _sessions = new();
    private readonly Dictionary<string, List<(Execute Execute, IActorRef ReplyTo)>> _claims = new(StringComparer.Ordinal);
    private readonly ChargeBackoff _chargeBackoff;
    private AccountState? _state;
    private bool _chargeInFlight;
    private long _newestSnapshot;
    private InstantTimer? _dueTimer;

    public AccountEntity(string accountId, AccountEntityDependencies deps)
    {
        AccountMetrics.Started();
        AccountId = new AccountId(accountId);
        _deps = deps;
        _rules = deps.Rules;
        _chargeBackoff = new ChargeBackoff(deps.PaymentOptions.RetryInitialDelay, deps.PaymentOptions.RetryMaxDelay);

        Recover<SnapshotOffer>(offer => _state = (AccountState)offer.Snapshot);
        Recover<IAccountEvent>(e => _state = e is AccountEvents.AccountCreated created ? AccountState.Create(created) : _state!.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            Context.SetReceiveTimeout(deps.Settings.PassivateIdleAfter);
            // Whatever fell due while nobody held the account is done now: late, never not at all.
            if (_state is not null) Tick("recovery", () => { });
        });

        Command<Execute>(Handle);
        Command<Get>(get => Sender.Tell(Authorize(get.Caller) ?? (Reply)new Accepted(View())));
        Command<GetNotifications>(get => Sender.Tell(Authorize(get.Caller) ?? (object)Notifications()));
        Command<LicenceProtocol.Granted>(granted =>
        {
            var first = true;
            EndClaim(granted.Key, waiter =>
            {
                // Decided again on the state as it is now: other commands went on while the registry answered. The same key
                // sent twice at once starts over behind the first one's write (and is then answered as already registered).
                if (first) Write(waiter.Execute, waiter.ReplyTo);
                else Self.Tell(waiter.Execute, waiter.ReplyTo);
                first = false;
            });
        });
        Command<LicenceProtocol.Refused>(refused => EndClaim(refused.Key, waiter => waiter.ReplyTo.Tell(new Rejected(
            Rejection.Conflict(RejectionCodes.LicenceAlreadyRegistered, "This licence key is already registered by another account.")))));
        Command<ClaimTimedOut>(timedOut => EndClaim(timedOut.Key, waiter =>
        {
            Log.Warning("Licence registry did not answer {0} within {1}", PersistenceId, deps.Settings.LicenceClaimTimeout);
            waiter.ReplyTo.Tell(new Rejected(new Rejection(RejectionCodes.Unavailable,
                "The licence registry did not answer in time; try again.", RejectionKind.Unavailable, [])));
        }));

        Command<Attach>(HandleAttach);
        Command<Acknowledge>(ack =>
        {
            if (_state is null) return;
            var step = AccountSteps.Handle(_state, new AccountCommands.AcknowledgeNotification(new DeviceId(ack.DeviceId), ack.NotificationId), Now, _rules);
            if (step.Rejection is null) Write(step, pushFirst: false, () => { });
        });
        Command<OpenChannel>(HandleOpen);
        Command<Terminated>(t => _sessions.Remove(t.ActorRef));

        Command<WakeupProtocol.Wake>(wake =>
        {
            // Acknowledged once the due work is written: a wake-up lost in a crash is sent again.
            var bucket = Sender;
            var ack = new WakeupProtocol.WakeAcknowledged(wake.BucketId, wake.AccountId, wake.DueAt);
            if (_state is null)
            {
                bucket.Tell(ack);
                PassivateIfEmpty();
            }
            else Tick("wakeup", () => bucket.Tell(ack));
        });
        // Started ahead of an instant (the recovery armed the timer, or there is no such account): tell the bucket it may warm up the next.
        Command<WakeupProtocol.WarmUp>(warmUp =>
        {
            Sender.Tell(new WakeupProtocol.WarmedUp(warmUp.BucketId, warmUp.AccountId));
            PassivateIfEmpty();
        });
        Command<ChargeCompleted>(HandleChargeCompleted);
        Command<Timer>(timer =>
        {
            if (timer == Timer.Due && DueTimer.ReArmIfEarly(Self, _state?.ScheduledWakeup)) return;
            // A retried charge is made again if the timeline still has it due.
            if (timer == Timer.RetryCharge) _chargeBackoff.RetryDue();
            Tick("timer", () => { });
        });

        // Only a grant the entity no longer waits for (it restarted meanwhile) comes here: the permit goes back.
        Command<TimelineWritePermits.Granted>(_ => deps.WritePermits.Return(Self));
        Command<ReceiveTimeout>(_ => PassivateWhenIdle());
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<SaveSnapshotSuccess>(ok =>
        {
            // Snapshot writes run side by side in the store, so an older one can be confirmed after a newer one:
            // always delete below the newest confirmed, or the older one would stay for good.
            _newestSnapshot = Math.Max(_newestSnapshot, ok.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(_newestSnapshot - 1));
        });
        Command<SaveSnapshotFailure>(failed =>
            Log.Warning(failed.Cause, "Snapshot of {0} failed; recovery replays more events until the next one", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => Log.Warning(failed.Cause, "Old snapshots of {0} were not deleted", PersistenceId));
    }

    public AccountId AccountId { get; }

    /// <summary>A refused write of the timeline gives its permit back; the entity goes on (a failed one stops it, see PostStop).</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _deps.WritePermits.Return(Self);
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    public override string PersistenceId => "account-" + AccountId.Value;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Made on first use: Akka sets <see cref="Timers"/> after the constructor.</summary>
    private InstantTimer DueTimer => _dueTimer ??= new InstantTimer(Timers, _deps.Clock, _deps.Settings.PreciseTimerLead, Timer.Due);

    private DateTimeOffset Now => _deps.Clock.GetUtcNow();

    protected override void PostStop()
    {
        _deps.WritePermits.Abandon(Self); // a write that waited or failed gives its permit back
        _dueTimer?.DisposeLastStretch();
        AccountMetrics.Stopped();
        base.PostStop();
    }

    private void Handle(Execute execute)
    {
        var refusal = execute.Command is not AccountCommands.CreateAccount create ? Authorize(execute.Caller)
            : create.AccountId == AccountId ? null
            : new Rejected(Rejection.Invalid("accountId", "The account id of the sign-up does not match its entity."));
        if (refusal is not null)
        {
            Sender.Tell(refusal);
            return;
        }
        if (execute.Command is AccountCommands.RegisterLicence licence)
        {
            // R7 in docs/rules.md: decided here first (a key this account has, a free subscription), then granted by the registry.
            var step = AccountSteps.Handle(_state, execute.Command, Now, _rules);
            if (step.Rejection is { } rejection) Sender.Tell(new Rejected(rejection));
            else StartClaim(licence.Key.Value, execute, Sender);
            return;
        }
        Write(execute, Sender);
    }

    /// <summary>Decides a command now, writes its step and replies after the write.</summary>
    private void Write(Execute execute, IActorRef replyTo)
    {
        var step = AccountSteps.Handle(_state, execute.Command, Now, _rules);
        if (step.Rejection is { } rejection)
        {
            replyTo.Tell(new Rejected(rejection));
            PassivateIfEmpty();
            return;
        }
        Write(step, pushFirst: false, () => replyTo.Tell(new Accepted(View())));
    }

    /// <summary>Time has passed (a timer, a wake-up, a recovery): write what fell due, pushing it to the sessions first.</summary>
    private void Tick(string wokenBy, Action afterWrite)
    {
        var now = Now;
        var step = AccountSteps.Tick(_state!, now, _rules);
        var dueAts = step.Events.OfType<AccountEvents.NotificationRaised>().Select(r => r.Notification.Data.DueAt);
        foreach (var dueAt in dueAts.OfType<DateTimeOffset>()) AccountMetrics.DueRaised(now - dueAt, wokenBy);
        Write(step, pushFirst: true, afterWrite);
    }

    /// <summary>
    /// Writes a step's events in one batch, takes the state the step computed, then runs <paramref name="afterWrite"/>
    /// (the reply), tells the sessions, snapshots now and then and re-arms the timer. With <paramref name="pushFirst"/>
    /// the sessions are told before the write: only for what the clock raises, whose instant is already stored and
    /// whose id is stable, so a device hears it on time rather than behind unrelated writes. A device's acknowledgement
    /// still waits for the write, because the entity handles nothing else until the batch is stored.
    /// </summary>
    private void Write(AccountStep step, bool pushFirst, Action afterWrite)
    {
        var before = _state;
        var after = step.State!;
        if (step.Events.Count == 0)
        {
            afterWrite();
            AfterStep(step);
            return;
        }
        if (!pushFirst)
        {
            Store(step, before, after, permitted: false, afterWrite);
            return;
        }
        Announce(before, after, step.Events);
        // Time started this write, not a client: it takes one of the node's permits, and waits for one if none is free
        // (stashing everything else, as during the write itself), so a burst of instants queues here and not in the journal.
        if (_deps.WritePermits.TryTake(Self))
        {
            Store(step, before, after, permitted: true, afterWrite);
            return;
        }
        BecomeStacked(() =>
        {
            Command<TimelineWritePermits.Granted>(_ =>
            {
                UnbecomeStacked();
                Stash.UnstashAll();
                Store(step, before, after, permitted: true, afterWrite);
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void Store(AccountStep step, AccountState? before, AccountState after, bool permitted, Action afterWrite)
    {
        var remaining = step.Events.Count;
        PersistAll(step.Events.Select(AccountJournalTags.ForJournal), _ =>
        {
            if (--remaining > 0) return;
            if (permitted) _deps.WritePermits.Return(Self);
            _state = after;
            afterWrite();
            if (!permitted) Announce(before, after, step.Events);
            var every = _deps.Settings.SnapshotEvery;
            if (LastSequenceNr / every > (LastSequenceNr - step.Events.Count) / every) SaveSnapshot(_state);
            AfterStep(step);
        });
    }

    private void AfterStep(AccountStep step)
    {
        // A charge that failed technically waits for its retry: the result recheck of the timeline must not hurry it.
        if (step.Charge is { } charge && !_chargeInFlight && !_chargeBackoff.IsWaiting) StartCharge(charge);
        else if (step.Charge is null) EndChargeRetries(); // nothing is due any more (renewed, switched off, expired)
        ArmTimer();
    }

    /// <summary>One timer for the next due instant. If the node dies, the wake-up index (fed from the journal) fires it.</summary>
    private void ArmTimer() => DueTimer.Arm(Self, _state?.ScheduledWakeup);

    private void StartClaim(string key, Execute execute, IActorRef replyTo)
    {
        if (_claims.TryGetValue(key, out var waiting))
        {
            waiting.Add((execute, replyTo)); // the same key twice at once: one claim, both answered when it is
            return;
        }
        _claims[key] = [(execute, replyTo)];
        _deps.Licences.Tell(new LicenceProtocol.Claim(key, AccountId.Value));
        Timers.StartSingleTimer(("claim", key), new ClaimTimedOut(key), _deps.Settings.LicenceClaimTimeout);
    }

    private void EndClaim(string key, Action<(Execute Execute, IActorRef ReplyTo)> answer)
    {
        if (!_claims.Remove(key, out var waiting)) return; // answered already (a late reply after the timeout)
        Timers.Cancel(("claim", key));
        foreach (var waiter in waiting) answer(waiter);
    }

    private void HandleAttach(Attach attach)
    {
        var token = attach.Kind == AgentKind.Device
            ? _state?.Devices.GetValueOrDefault(attach.AgentId)?.TokenHash
            : _state?.Hosts.GetValueOrDefault(attach.AgentId)?.TokenHash;
        if (_state is null || token is null || !Secrets.HashesEqual(token, attach.TokenHash))
        {
            var kind = attach.Kind.ToString().ToLowerInvariant();
            TellSession(attach.Session, new AttachRefused(attach.SessionId, "invalid-token",
                $"This {kind} token is not valid (revoked, or the {kind} was removed)."));
            PassivateIfEmpty();
            return;
        }

        var entry = new SessionEntry(attach.Kind, attach.AgentId, attach.SessionId, attach.ConnectedAt);
        var mail = new SessionMail();
        foreach (var older in _sessions.Attach(attach.Session, entry))
        {
            mail.Add(older, new Revoked("replaced by a newer connection"));
            Context.Unwatch(older);
        }
        Context.Watch(attach.Session);

        var (endsAt, prompt) = attach.Kind == AgentKind.Device ? LimitOf(_state, entry) : (null, null);
        var pending = attach.Kind == AgentKind.Device
            ? _state.Outbox.Where(p => p.IsPendingFor(attach.AgentId)).Select(p => Decorate(p.Notification, endsAt, prompt)).ToArray()
            : [];
        mail.Add(attach.Session, new Attached(attach.SessionId, AccountView.SubscriptionOf(_state, Now, _rules), endsAt, prompt,
            pending, _state.DroppedNotifications)).Send(Context, Self);
    }

    private void HandleOpen(OpenChannel open)
    {
        void Refuse(string code, string detail) =>
            TellSession(open.DeviceSession, new ChannelRefused(open.ChannelId, code, detail));

        if (_state is null || !_sessions.TryGet(open.DeviceSession, out var device) || device.AgentId != open.DeviceId)
            Refuse("not-attached", "This session is not attached to the account.");
        else if (!_state.Hosts.ContainsKey(open.HostId))
            Refuse("host-not-found", $"Host '{open.HostId}' is not registered on this account.");
        else if (_sessions.HostSession(open.HostId) is not { } host)
            Refuse("host-offline", $"Host '{open.HostId}' is not connected.");
        else // The introduction: from here on the two sessions talk directly, not through the account.
            TellSession(host, new ChannelRequest(open.ChannelId, open.DeviceId, open.DeviceSession));
    }

    /// <summary>One message for one session, by the road every message for it takes (<see cref="SessionMail"/>).</summary>
    private void TellSession(IActorRef session, object message) => new SessionMail().Add(session, message).Send(Context, Self);

    /// <summary>Tells the sessions what a step changed: notifications raised, a lifted limit, removed devices and hosts.</summary>
    private void Announce(AccountState? before, AccountState after, IReadOnlyList<IAccountEvent> events)
    {
        if (_sessions.IsEmpty) return;
        var now = Now;
        var mail = new SessionMail();
        if (before is not null && AccountTimeline.IsExpired(before, now, _rules) && !AccountTimeline.IsExpired(after, now, _rules))
        {
            foreach (var (session, _) in _sessions.Devices()) mail.Add(session, LimitLifted.Instance);
        }
        foreach (var e in events)
        {
            switch (e)
            {
                case AccountEvents.NotificationRaised raised:
                    foreach (var (session, entry) in _sessions.Devices().Where(d => raised.Recipients.Contains(d.Entry.AgentId)))
                    {
                        var (endsAt, prompt) = raised.Notification.Kind == NotificationKind.SubscriptionExpired ? LimitOf(after, entry) : (null, null);
                        mail.Add(session, new Push(Decorate(raised.Notification, endsAt, prompt)));
                    }
                    break;
                case AccountEvents.DeviceRemoved removed:
                    Revoke(mail, AgentKind.Device, removed.DeviceId.Value, "the device was removed");
                    break;
                case AccountEvents.HostRemoved removed:
                    Revoke(mail, AgentKind.Host, removed.HostId.Value, "the host was removed");
                    break;
            }
        }
        mail.Send(Context, Self);
    }

    private void Revoke(SessionMail mail, AgentKind kind, string agentId, string reason)
    {
        foreach (var session in _sessions.RemoveAgent(kind, agentId))
        {
            mail.Add(session, new Revoked(reason));
            Context.Unwatch(session);
        }
    }

    /// <summary>R10, R11: a device's cut and buy prompt while the subscription is expired; nothing otherwise.</summary>
    private (DateTimeOffset? EndsAt, BuyPrompt? Prompt) LimitOf(AccountState state, SessionEntry device)
    {
        if (AccountTimeline.SessionEndsAt(state, device.ConnectedAt, Now, _rules) is not { } endsAt) return (null, null);
        var platform = state.Devices.TryGetValue(device.AgentId, out var registered) ? registered.Platform : Platform.Web;
        return (endsAt, BuyPrompts.For(platform, state, _deps.Prompts));
    }

    private static Notification Decorate(Notification notification, DateTimeOffset? endsAt, BuyPrompt? prompt) =>
        notification.Kind == NotificationKind.SubscriptionExpired && endsAt is not null
            ? notification with { Data = notification.Data with { SessionEndsAt = endsAt, Prompt = prompt } }
            : notification;

    /// <summary>
    /// R9: charge the channel. The key names the period and the attempt, which only a recorded decline moves on, so a
    /// charge made again after a crash or a technical failure is the same charge at the provider.
    /// </summary>
    private void StartCharge(RenewalChargeDue charge)
    {
        _chargeInFlight = true;
        var key = $"{AccountId.Value}-{_state!.ExpiresAt.UtcDateTime:yyyyMMddHHmmss}-{charge.Attempt}";
        var request = new ChargeRequest(AccountId.Value, charge.Channel, charge.Plan, charge.Attempt, key);
        Log.Info("Charging {0} renewal of {1} (attempt {2})", WireNames.Of(charge.Channel), AccountId, charge.Attempt);
        // A channel that throws or is cancelled gave no verdict: the provider may have billed, so it is a technical
        // failure (retried with this key), never a decline.
        _deps.Payments.ChargeAsync(request, CancellationToken.None).PipeTo(Self,
            success: result => new ChargeCompleted(request, result),
            failure: e => new ChargeCompleted(request,
                ChargeResult.Failed($"payment channel error: {e.GetBaseException().Message}")));
    }

    private void HandleChargeCompleted(ChargeCompleted completed)
    {
        _chargeInFlight = false;
        if (_state is null) return;
        if (completed.Result.Outcome == ChargeOutcome.Failed)
        {
            RetryChargeLater(completed.Request, completed.Result.Reason);
            return;
        }
        EndChargeRetries();
        var attempt = completed.Request.Attempt;
        IAccountCommand command = completed.Result is { Outcome: ChargeOutcome.Charged, TransactionId: { } tx }
            ? new AccountCommands.RecordRenewalCharge(new TransactionId(tx), attempt)
            : new AccountCommands.RecordRenewalDecline(attempt, completed.Result.Reason ?? "declined");
        var step = AccountSteps.Handle(_state, command, Now, _rules);
        if (step.Rejection is { } rejection)
        {
            Log.Warning("Renewal charge result for {0} not recorded: {1}", AccountId, rejection.Detail);
            return;
        }
        if (completed.Result.Outcome == ChargeOutcome.Declined)
            Log.Warning("Renewal charge of {0} declined (attempt {1}): {2}", AccountId, attempt, completed.Result.Reason);
        Write(step, pushFirst: false, () => { });
    }

    /// <summary>
    /// A technical failure writes nothing and tells no device: no R9 attempt is used up. The same charge (same key) is
    /// made again after a growing delay; meanwhile the account stays in memory, and if it is lost the timeline's result
    /// recheck makes the charge on recovery.
    /// </summary>
    private void RetryChargeLater(ChargeRequest request, string? reason)
    {
        var delay = _chargeBackoff.Failed();
        PaymentMetrics.TechnicalFailure(request.Channel);
        Log.Warning(
            "Renewal charge {0} on {1} failed technically ({2}); failure {3} in a row, no R9 attempt used up. " +
            "Retrying in {4} with the same idempotency key. If this repeats, check the provider and ActorSubs:Payments.",
            request.IdempotencyKey, WireNames.Of(request.Channel), reason ?? "no reason given", _chargeBackoff.Failures, delay);
        Timers.StartSingleTimer(Timer.RetryCharge, Timer.RetryCharge, delay);
    }

    private void EndChargeRetries()
    {
        _chargeBackoff.Reset();
        Timers.Cancel(Timer.RetryCharge);
    }

    private AccountView View() => AccountView.Of(_state!, Now, _rules, _sessions.OnlineHosts());

    private NotificationsView Notifications() => new(
        _state!.Outbox.Select(p => new PendingNotificationView(p.Notification.Id, p.Notification.Kind, p.Notification.At,
            p.Notification.Data, p.Recipients.Where(p.IsPendingFor).ToArray())).ToArray(),
        _state.DroppedNotifications);

    private Rejected? Authorize(Caller caller)
    {
        if (_state is null)
        {
            PassivateIfEmpty();
            return new Rejected(Rejection.NotFound(RejectionCodes.AccountNotFound, $"No account '{AccountId}'."));
        }
        if (caller.IsOperator || Secrets.HashesEqual(caller.ApiKeyHash, _state.ApiKeyHash)) return null;
        return new Rejected(new Rejection(RejectionCodes.InvalidApiKey, "The API key does not belong to this account.", RejectionKind.Forbidden, []));
    }

    /// <summary>A lookup of an account that does not exist should not keep an empty actor alive.</summary>
    private void PassivateIfEmpty()
    {
        if (_state is null) Context.Parent.Tell(new Passivate(StopEntity.Instance));
    }

    /// <summary>
    /// Idle: stop unless devices or hosts are connected (they need the entity's pushes), a licence claim or a charge
    /// (or its retry) is under way, or the next instant is within the warm-up lead (the index would only start it
    /// again). What falls due later is in the wake-up index already: it was written with the change that set it.
    /// </summary>
    private void PassivateWhenIdle()
    {
        if (!_sessions.IsEmpty || _claims.Count > 0 || _chargeInFlight || _chargeBackoff.IsWaiting) return;
        if (_state?.ScheduledWakeup - Now <= _deps.Wakeups.WarmUpLead) return;
        Context.Parent.Tell(new Passivate(StopEntity.Instance));
    }

    /// <summary>
    /// Sent by the shard to stop the entity (hand-off, passivation). A message rather than a PoisonPill, so it
    /// waits behind writes in progress: nothing acknowledged is lost on a rebalance or a shutdown.
    /// </summary>
    public sealed class StopEntity
    {
        public static readonly StopEntity Instance = new();
    }

    private sealed record ClaimTimedOut(string Key);

    private sealed record ChargeCompleted(ChargeRequest Request, ChargeResult Result);

    /// <summary>The entity's own timers: its next due instant, and the retry of a technically failed charge.</summary>
    private enum Timer { Due, RetryCharge }
}
