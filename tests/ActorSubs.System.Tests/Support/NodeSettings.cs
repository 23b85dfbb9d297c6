using ActorSubs.Node.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace ActorSubs.System.Tests.Support;

/// <summary>
/// Binds a deployment file's environment the way the node does: through its own options registration
/// (<see cref="OptionsRegistration.AddActorSubsOptions"/>, Production, as in the image), then <paramref name="validate"/>.
/// </summary>
public static class NodeSettings
{
    public static T Read<T>(IReadOnlyDictionary<string, string> environment, string section, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":"), e.Value)))
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddActorSubsOptions(new HostingEnvironment { EnvironmentName = Environments.Production })
            .BuildServiceProvider();
        var value = services.GetRequiredService<IOptions<T>>().Value;
        var errors = validate(value);
        if (errors.Count > 0) throw new OptionsValidationException(section, typeof(T), errors);
        return value;
    }
}
