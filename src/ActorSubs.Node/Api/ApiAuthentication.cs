using Microsoft.AspNetCore.Authorization;

namespace ActorSubs.Node.Api;

/// <summary>The authorization policies the routes name in <c>RequireAuthorization</c> (docs/api.md, Authentication).</summary>
public static class ApiPolicies
{
    /// <summary>The operator key: the admin routes.</summary>
    public const string Operator = "operator";

    /// <summary>Any account API key, or the operator key: the account routes. The account entity then checks the key.</summary>
    public const string Account = "account";

    /// <summary>A device token: <c>/ws/device</c>.</summary>
    public const string Device = "device";

    /// <summary>A host token: <c>/ws/host</c>.</summary>
    public const string Host = "host";
}

/// <summary>
/// Three bearer schemes, one per family of credential, all handled by <see cref="BearerAuthenticationHandler"/>. A
/// policy names the scheme of its family, so a credential of another family is answered 401 (not what this route
/// takes), while an account key on an admin route is answered 403 (the right kind of key, without the right).
/// </summary>
public static class ApiAuthentication
{
    /// <summary>Account API keys and the operator key, from the header only.</summary>
    public const string ApiKeyScheme = "Bearer";
    public const string DeviceTokenScheme = "DeviceToken";
    public const string HostTokenScheme = "HostToken";

    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyScheme)
            .AddScheme<BearerSchemeOptions, BearerAuthenticationHandler>(ApiKeyScheme, o =>
            {
                o.Accepts = [BearerCredential.Operator, BearerCredential.AccountKey];
                o.ChallengeDetail = "Send the account's API key, or the operator key, as 'Authorization: Bearer <key>' " +
                                    "(admin routes take only the operator key).";
                o.ForbiddenDetail = "This route needs the operator key.";
            })
            .AddScheme<BearerSchemeOptions, BearerAuthenticationHandler>(DeviceTokenScheme, o => AgentScheme(o, "device", BearerCredential.DeviceToken))
            .AddScheme<BearerSchemeOptions, BearerAuthenticationHandler>(HostTokenScheme, o => AgentScheme(o, "host", BearerCredential.HostToken));

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Operator, p => p.AddAuthenticationSchemes(ApiKeyScheme)
                .RequireClaim(BearerCredential.KindClaim, BearerCredential.Operator))
            .AddPolicy(ApiPolicies.Account, p => p.AddAuthenticationSchemes(ApiKeyScheme)
                .RequireClaim(BearerCredential.KindClaim, BearerCredential.Operator, BearerCredential.AccountKey))
            .AddPolicy(ApiPolicies.Device, p => p.AddAuthenticationSchemes(DeviceTokenScheme)
                .RequireClaim(BearerCredential.KindClaim, BearerCredential.DeviceToken))
            .AddPolicy(ApiPolicies.Host, p => p.AddAuthenticationSchemes(HostTokenScheme)
                .RequireClaim(BearerCredential.KindClaim, BearerCredential.HostToken));
        return services;
    }

    private static void AgentScheme(BearerSchemeOptions options, string agent, string kind)
    {
        options.Accepts = [kind];
        options.ReadsAccessTokenQuery = true;
        options.ChallengeDetail = $"Send the {agent} token as 'Authorization: Bearer <token>' or '?access_token='.";
    }
}
