using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Cluster.Hosting;
using ActorSubs.Domain;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Configuration;

/// <summary>
/// Binds each configuration section to its typed options and validates it at start-up: a missing or bad
/// value stops the node with a message that names the key, instead of failing on the first request.
/// </summary>
public static class OptionsRegistration
{
    public static void AddActorSubsOptions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        Bind<SubscriptionOptions>(services, configuration, SubscriptionOptions.Section, o => o.Validate());
        Bind<PersistenceSettings>(services, configuration, PersistenceSettings.Section, o => o.Validate());
        Bind<ClusterSettings>(services, configuration, ClusterSettings.Section, o => o.Validate());
        Bind<EntitySettings>(services, configuration, EntitySettings.Section, o => o.Validate());
        Bind<PromptOptions>(services, configuration, PromptOptions.Section, o => o.Validate());
        Bind<GatewayOptions>(services, configuration, GatewayOptions.Section, o => o.Validate());
        Bind<ApiOptions>(services, configuration, ApiOptions.Section, o =>
            o.MaxBodyBytes < 1024 ? [$"{ApiOptions.Section}:{nameof(ApiOptions.MaxBodyBytes)} must be at least 1024."]
            : o.AskTimeout <= TimeSpan.Zero ? [$"{ApiOptions.Section}:{nameof(ApiOptions.AskTimeout)} must be positive."] : []);
        Bind<AdminOptions>(services, configuration, AdminOptions.Section, o => ValidateAdmin(o, environment));
        services.PostConfigure<AdminOptions>(o =>
        {
            if (string.IsNullOrEmpty(o.ApiKey) && environment.IsDevelopment()) o.ApiKey = AdminOptions.DevelopmentKey;
        });
    }

    /// <summary>Reads a section eagerly, validated, for code that runs before the container is built (Akka set-up).</summary>
    public static T Read<T>(IConfiguration configuration, string section, Func<T, IReadOnlyList<string>> validate) where T : class, new()
    {
        var value = new T();
        var configured = configuration.GetSection(section);
        ClearConfiguredArrays(configured, value);
        configured.Bind(value);
        var errors = validate(value);
        if (errors.Count > 0) throw new OptionsValidationException(section, typeof(T), errors);
        return value;
    }

    /// <summary>
    /// The configuration binder appends array elements to a property's default instead of replacing it
    /// (ReminderLeads 7d,1d plus a configured 4s,2s would give four leads). An array the configuration sets
    /// is therefore emptied first, so the configured elements are exactly what the option holds.
    /// </summary>
    private static void ClearConfiguredArrays<T>(IConfigurationSection section, T options) where T : class
    {
        foreach (var property in typeof(T).GetProperties())
        {
            if (property.PropertyType.IsArray && property.SetMethod is { IsPublic: true } && section.GetSection(property.Name).Exists())
                property.SetValue(options, Array.CreateInstance(property.PropertyType.GetElementType()!, 0));
        }
    }

    private static IReadOnlyList<string> ValidateAdmin(AdminOptions o, IHostEnvironment environment)
    {
        if (string.IsNullOrEmpty(o.ApiKey))
            return environment.IsDevelopment() ? [] : [$"{AdminOptions.Section}:ApiKey is required outside Development (the operator key)."];
        return o.ApiKey.Length < AdminOptions.MinimumLength && !environment.IsDevelopment()
            ? [$"{AdminOptions.Section}:ApiKey must be at least {AdminOptions.MinimumLength} characters."]
            : [];
    }

    private static void Bind<T>(IServiceCollection services, IConfiguration configuration, string section,
        Func<T, IReadOnlyList<string>> validate) where T : class
    {
        services.AddOptions<T>()
            .Configure(o => ClearConfiguredArrays(configuration.GetSection(section), o))
            .Bind(configuration.GetSection(section))
            .Validate(o => validate(o).Count == 0, $"Invalid configuration in section {section}")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(validate));
    }

    private sealed class SectionValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
