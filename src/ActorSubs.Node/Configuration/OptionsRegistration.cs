using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Cluster.Payments;
using ActorSubs.Cluster.Wakeups;
using ActorSubs.Domain;
using ActorSubs.Node.Stores.AppStore;
using ActorSubs.Node.Stores.Cleverbridge;
using ActorSubs.Node.Stores.GooglePlay;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Configuration;

/// <summary>
/// Binds each configuration section once to its options record and validates it when the host starts: a missing or
/// bad value stops the node with a message that names the key, instead of failing on the first request. Everything
/// that needs a setting, the actor system included, reads it from the container (<see cref="IOptions{TOptions}"/>).
/// </summary>
public static class OptionsRegistration
{
    public static IServiceCollection AddActorSubsOptions(this IServiceCollection services, IHostEnvironment environment)
    {
        // The binder appends configured items to a list's default (7 and 1 days) instead of replacing it: configured
        // reminder leads are read on their own and taken as they are. The only list with a default (ConfigurationSpecs).
        services.AddSection<SubscriptionOptions>(SubscriptionOptions.Section, o => o.Validate())
            .PostConfigure<IConfiguration>((o, configuration) => o.ReminderLeads = configuration
                .GetSection($"{SubscriptionOptions.Section}:{nameof(SubscriptionOptions.ReminderLeads)}")
                .Get<TimeSpan[]>() ?? o.ReminderLeads);
        services.AddSection<PromptOptions>(PromptOptions.Section, o => o.Validate());
        services.AddSection<PersistenceSettings>(PersistenceSettings.Section, o => o.Validate());
        services.AddSection<ClusterSettings>(ClusterSettings.Section, o => o.Validate());
        services.AddSection<EntitySettings>(EntitySettings.Section, o => o.Validate());
        services.AddSection<WakeupOptions>(WakeupOptions.Section, o => o.Validate());
        // Development only: a laptop bills nobody. Elsewhere a missing provider stops the node (PaymentOptions.Validate).
        services.AddSection<PaymentOptions>(PaymentOptions.Section, o => o.Validate())
            .PostConfigure(o => o.Provider ??= environment.IsDevelopment() ? PaymentProvider.Simulated : null);
        services.AddSection<GatewayOptions>(GatewayOptions.Section, o => o.Validate());
        services.AddSection<ApiOptions>(ApiOptions.Section, ValidateApi);
        services.AddSection<AppStoreOptions>(AppStoreOptions.Section, o => o.Validate());
        services.AddSection<GooglePlayOptions>(GooglePlayOptions.Section, o => o.Validate());
        services.AddSection<CleverbridgeOptions>(CleverbridgeOptions.Section, o => o.Validate());
        services.AddSection<RateLimitOptions>(RateLimitOptions.Section, o => o.Validate());
        services.AddSection<AdminOptions>(AdminOptions.Section, o => ValidateAdmin(o, environment))
            .PostConfigure(o => o.ApiKey = string.IsNullOrEmpty(o.ApiKey) && environment.IsDevelopment()
                ? AdminOptions.DevelopmentKey
                : o.ApiKey);
        // Kestrel refuses a larger body (413) before it is read.
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxBodyBytes);
        return services;
    }

    /// <summary>
    /// The actor system's settings, from the container: Akka.Hosting builds the system when the host starts, after
    /// <c>ValidateOnStart</c> has checked every section, so these are the bound and validated values.
    /// </summary>
    public static ActorSubsClusterOptions ReadClusterOptions(this IServiceProvider services) =>
        new(Value<ClusterSettings>(services), Value<PersistenceSettings>(services), Value<EntitySettings>(services),
            Value<SubscriptionOptions>(services))
        {
            Prompts = Value<PromptOptions>(services),
            Payments = Value<PaymentOptions>(services),
            Wakeups = Value<WakeupOptions>(services),
        };

    private static T Value<T>(IServiceProvider services) where T : class => services.GetRequiredService<IOptions<T>>().Value;

    private static OptionsBuilder<T> AddSection<T>(this IServiceCollection services, string section,
        Func<T, IReadOnlyList<string>> validate) where T : class
    {
        // One validator that lists every bad value with its key, rather than a single "section is invalid".
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(validate));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private static IReadOnlyList<string> ValidateApi(ApiOptions o) => new OptionErrors(ApiOptions.Section)
        .When(o.MaxBodyBytes < 1024, nameof(ApiOptions.MaxBodyBytes), "must be at least 1024.")
        .Positive(o.AskTimeout, nameof(ApiOptions.AskTimeout))
        .Positive(o.ResendAfter, nameof(ApiOptions.ResendAfter));

    /// <summary>Development takes any key (the built-in one when none is set); elsewhere a long enough key is required.</summary>
    private static IReadOnlyList<string> ValidateAdmin(AdminOptions o, IHostEnvironment environment) =>
        environment.IsDevelopment() ? []
        : string.IsNullOrEmpty(o.ApiKey)
            ? [$"{AdminOptions.Section}:ApiKey is required outside Development (the operator key)."]
        : o.ApiKey.Length < AdminOptions.MinimumLength
            ? [$"{AdminOptions.Section}:ApiKey must be at least {AdminOptions.MinimumLength} characters."]
        : [];

    private sealed class SectionValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
