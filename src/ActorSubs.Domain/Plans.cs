namespace ActorSubs.Domain;

public static class Plans
{
    /// <summary>
    /// The end of a paid period that starts at <paramref name="start"/>. Calendar arithmetic, not a fixed
    /// number of days: 29 February plus one year is 28 February, 31 January plus one month is 28/29 February.
    /// </summary>
    public static DateTimeOffset PeriodEnd(Plan plan, DateTimeOffset start) => plan switch
    {
        Plan.Monthly => start.AddMonths(1),
        Plan.Annual => start.AddYears(1),
        Plan.Biennial => start.AddYears(2),
        _ => throw new ArgumentOutOfRangeException(nameof(plan), plan, "unknown plan"),
    };

    /// <summary>Auto-renew a purchase starts with: Apple subscriptions renew by default; the others are opted into.</summary>
    public static bool DefaultAutoRenew(Channel channel) => channel == Channel.AppStore;

    public static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    public static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
