using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Configuration;

public static class RequestBodyLimit
{
    /// <summary>Kestrel refuses a larger body (413) before it is read, with the limit of <c>ActorSubs:Api:MaxBodyBytes</c>.</summary>
    public static IServiceCollection AddRequestBodyLimit(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxBodyBytes);
        return services;
    }
}
