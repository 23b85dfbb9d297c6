using System.Globalization;
using ActorSubs.Domain;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Domain.Tests.Support;

/// <summary>Instants for tests: always UTC, written as <c>yyyy-MM-dd</c> or <c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
internal static class At
{
    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>Short constructors for the commands, with ids that obey <see cref="Identifier"/>.</summary>
internal static class Cmd
{
    public static CreateAccount Create(string accountId = "acc-1") => new(new AccountId(accountId), $"{accountId}@example.com", "api-key-hash");

    public static Purchase Buy(Plan plan, Channel channel, string transactionId) => new(plan, channel, new TransactionId(transactionId));

    public static SetAutoRenew AutoRenew(bool enabled) => new(enabled);

    public static RegisterLicence Licence(string key, LicenceProduct product) => new(new LicenceKey(key), product);

    public static BuyLicencePack LicencePack(string transactionId) => new(new TransactionId(transactionId));

    public static AddHost AddHost(string hostId) => new(new HostId(hostId), $"Host {hostId}", $"token-hash-{hostId}");

    public static RemoveHost RemoveHost(string hostId) => new(new HostId(hostId));

    public static AddDevice AddDevice(string deviceId, Platform platform = Platform.Ios) =>
        new(new DeviceId(deviceId), platform, $"Device {deviceId}", $"token-hash-{deviceId}");

    public static RemoveDevice RemoveDevice(string deviceId) => new(new DeviceId(deviceId));

    public static AcknowledgeNotification Ack(string deviceId, string notificationId) => new(new DeviceId(deviceId), notificationId);

    public static RecordRenewalCharge RenewalCharged(string transactionId, int attempt) => new(new TransactionId(transactionId), attempt);

    public static RecordRenewalDecline RenewalDeclined(int attempt, string reason = "card declined") => new(attempt, reason);

    public static Refund Refund(string transactionId) => new(new TransactionId(transactionId));

    public static AdjustSubscription Adjust(DateTimeOffset expiresAt, Tier? tier = null, Plan? plan = null) => new(expiresAt, tier, plan);
}

/// <summary>
/// One account driven through <see cref="AccountDecider.Decide"/> and <see cref="AccountState.Apply"/> with an
/// explicit clock. <see cref="Accept"/> asserts a command is accepted and folds its events; <see cref="Reject"/>
/// asserts it is refused and leaves the state alone.
/// </summary>
internal sealed class AccountFixture
{
    private AccountFixture(AccountState state, DateTimeOffset now, SubscriptionOptions options)
    {
        State = state;
        Now = now;
        Options = options;
    }

    public AccountState State { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public SubscriptionOptions Options { get; }

    public DateTimeOffset ExpiresAt => State.ExpiresAt;

    public SubscriptionStatus Status => State.Status(Now, Options);

    public int HostLimit => State.HostLimit(Options);

    public AccountView View => AccountView.Of(State, Now, Options);

    /// <summary>Signs up at <paramref name="at"/>: a trial of <see cref="SubscriptionOptions.TrialLength"/> starts.</summary>
    public static AccountFixture SignedUpAt(DateTimeOffset at, SubscriptionOptions? options = null)
    {
        var o = options ?? new SubscriptionOptions();
        var decision = AccountDecider.Decide(null, Cmd.Create(), at, o);
        Assert.Null(decision.Rejection);
        var created = Assert.IsType<AccountEvents.AccountCreated>(Assert.Single(decision.Events));
        return new AccountFixture(AccountState.Create(created), at, o);
    }

    public static AccountFixture SignedUpAt(string at, SubscriptionOptions? options = null) => SignedUpAt(At.Parse(at), options);

    /// <summary>
    /// A paid subscription whose current period starts exactly at <paramref name="periodStart"/>: the trial is
    /// left to lapse first, so the purchase starts now.
    /// </summary>
    public static AccountFixture PaidFrom(
        DateTimeOffset periodStart, Plan plan, Channel channel, string transactionId = "tx-first", SubscriptionOptions? options = null)
    {
        var o = options ?? new SubscriptionOptions();
        var account = SignedUpAt(periodStart - o.TrialLength - TimeSpan.FromDays(30), o);
        account.MoveTo(periodStart).Accept(Cmd.Buy(plan, channel, transactionId));
        Assert.Equal(Tier.Paid, account.State.Tier);
        Assert.Equal(Plans.PeriodEnd(plan, periodStart), account.ExpiresAt);
        return account;
    }

    public static AccountFixture PaidFrom(string periodStart, Plan plan, Channel channel, string transactionId = "tx-first",
        SubscriptionOptions? options = null) => PaidFrom(At.Parse(periodStart), plan, channel, transactionId, options);

    public AccountFixture MoveTo(DateTimeOffset now)
    {
        Assert.True(now >= Now, $"the clock only moves forward in these tests ({Now:O} -> {now:O})");
        Now = now;
        return this;
    }

    public AccountFixture MoveTo(string now) => MoveTo(At.Parse(now));

    public AccountFixture Advance(TimeSpan by) => MoveTo(Now + by);

    public Decision Decide(IAccountCommand command) => AccountDecider.Decide(State, command, Now, Options);

    /// <summary>Decides at the current instant, asserts acceptance, applies the events and returns them.</summary>
    public IReadOnlyList<IAccountEvent> Accept(IAccountCommand command)
    {
        var decision = Decide(command);
        Assert.True(decision.Rejection is null,
            $"expected {command} to be accepted at {Now:O}, got {decision.Rejection?.Code}: {decision.Rejection?.Detail}");
        foreach (var e in decision.Events)
            State = State.Apply(e);
        return decision.Events;
    }

    /// <summary>Accepts a command that must produce exactly one event of type <typeparamref name="TEvent"/>.</summary>
    public TEvent AcceptSingle<TEvent>(IAccountCommand command) where TEvent : IAccountEvent =>
        Assert.IsType<TEvent>(Assert.Single(Accept(command)));

    /// <summary>Decides at the current instant and asserts a rejection with <paramref name="code"/>.</summary>
    public Rejection Reject(IAccountCommand command, string code)
    {
        var decision = Decide(command);
        Assert.True(decision.Rejection is not null, $"expected {command} to be rejected with {code} at {Now:O}, but it was accepted");
        Assert.Equal(code, decision.Rejection.Code);
        Assert.Empty(decision.Events);
        return decision.Rejection;
    }

    /// <summary>
    /// Decides at the current instant, asserts acceptance, and applies the decided events together with the
    /// notifications they raise (<see cref="NotificationRules.WithNotifications"/>), as the account entity writes them.
    /// </summary>
    public IReadOnlyList<IAccountEvent> AcceptNotified(IAccountCommand command)
    {
        var decision = Decide(command);
        Assert.True(decision.Rejection is null,
            $"expected {command} to be accepted at {Now:O}, got {decision.Rejection?.Code}: {decision.Rejection?.Detail}");
        var (events, next) = NotificationRules.WithNotifications(State, decision.Events, Now, Options);
        State = next;
        return events;
    }

    /// <summary>The next instant the account's clock has work, seen from the current instant.</summary>
    public DateTimeOffset? NextDueAt => AccountTimeline.NextDueAt(State, Now, Options);

    /// <summary>Runs the account's clock at the current instant: applies the events <see cref="AccountTimeline.Due"/> raises.</summary>
    public DueWork Due()
    {
        var work = AccountTimeline.Due(State, Now, Options);
        foreach (var e in work.Events)
            State = State.Apply(e);
        return work;
    }

    /// <summary>
    /// Wakes at every due instant up to and including <paramref name="until"/>, as the entity's timer does, then
    /// moves the clock to <paramref name="until"/>; returns the notifications raised on the way (charges are ignored).
    /// </summary>
    public IReadOnlyList<Notification> RunClockUntil(DateTimeOffset until)
    {
        var raised = new List<Notification>();
        raised.AddRange(Due().Events.Notifications());
        while (NextDueAt is { } next && next <= until)
        {
            MoveTo(next);
            raised.AddRange(Due().Events.Notifications());
        }
        MoveTo(until);
        raised.AddRange(Due().Events.Notifications());
        return raised;
    }

    public IReadOnlyList<Notification> RunClockUntil(string until) => RunClockUntil(At.Parse(until));

    /// <summary>Asserts the command is accepted as a no-op: no rejection and no events.</summary>
    public void AcceptAsNoOp(IAccountCommand command)
    {
        var decision = Decide(command);
        Assert.Null(decision.Rejection);
        Assert.Empty(decision.Events);
    }
}

internal static class NotificationExtensions
{
    /// <summary>The notifications raised among <paramref name="events"/>, in order.</summary>
    public static IEnumerable<Notification> Notifications(this IEnumerable<IAccountEvent> events) =>
        events.OfType<AccountEvents.NotificationRaised>().Select(r => r.Notification);

    public static Notification SingleNotification(this IEnumerable<IAccountEvent> events, NotificationKind kind) =>
        Assert.Single(events.Notifications(), n => n.Kind == kind);
}

internal static class RejectionExtensions
{
    /// <summary>The member's value with its own type: a string, a long or a DateTimeOffset.</summary>
    public static object Field(this Rejection rejection, string name) =>
        Assert.Single(rejection.Fields, f => f.Name == name).Value;
}
