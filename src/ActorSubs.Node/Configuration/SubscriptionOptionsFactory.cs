using ActorSubs.Domain;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Configuration;

/// <summary>
/// Creates the <see cref="SubscriptionOptions"/> that the configuration binder then fills. The binder adds a configured
/// list's items to the list a property already holds instead of replacing it: the default reminder leads (7 and 1 days)
/// plus a configured 4 s and 2 s would make four leads. So when the section sets <c>ReminderLeads</c>, the instance
/// starts with none, and the configured leads are exactly what it holds; otherwise it keeps the documented default.
/// </summary>
/// <remarks>
/// <c>ReminderLeads</c> is the only list among the node's options with a default that is not empty (a spec in
/// ConfigurationSpecs checks it), which is why this one record needs its own factory.
/// </remarks>
internal sealed class SubscriptionOptionsFactory(
    IConfiguration configuration,
    IEnumerable<IConfigureOptions<SubscriptionOptions>> setups,
    IEnumerable<IPostConfigureOptions<SubscriptionOptions>> postConfigures,
    IEnumerable<IValidateOptions<SubscriptionOptions>> validations)
    : OptionsFactory<SubscriptionOptions>(setups, postConfigures, validations)
{
    protected override SubscriptionOptions CreateInstance(string name) =>
        configuration.GetSection(SubscriptionOptions.Section).GetSection(nameof(SubscriptionOptions.ReminderLeads)).Exists()
            ? new SubscriptionOptions { ReminderLeads = [] }
            : new SubscriptionOptions();
}
