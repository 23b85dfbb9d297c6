using ActorSubs.Node.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorSubs.System.Tests.Support;

/// <summary>Binds a deployment file's environment the way the node does (its own OptionsRegistration.Read).</summary>
public static class NodeSettings
{
    public static T Read<T>(IReadOnlyDictionary<string, string> environment, string section, Func<T, IReadOnlyList<string>> validate)
        where T : class, new()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":"), e.Value)))
            .Build();
        return OptionsRegistration.Read(configuration, section, validate);
    }
}
