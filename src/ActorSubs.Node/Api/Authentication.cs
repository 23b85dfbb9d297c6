using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Security;
using ActorSubs.Node.Configuration;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Api;

/// <summary>
/// Reads <c>Authorization: Bearer …</c>. The operator key is checked here; an account key travels to its
/// account entity as a hash, and the entity, which holds the stored hash, decides.
/// </summary>
public static class Authentication
{
    public static Caller AccountCaller(HttpContext context)
    {
        var key = BearerKey(context) ?? throw ApiProblem.Unauthorized(
            "Send the account's API key (or the operator key) as 'Authorization: Bearer <key>'.");
        return IsOperatorKey(context, key) ? Caller.Operator : Caller.WithKey(Secrets.Hash(key));
    }

    public static void RequireOperator(HttpContext context)
    {
        var key = BearerKey(context) ?? throw ApiProblem.Unauthorized("Send the operator key as 'Authorization: Bearer <key>'.");
        if (!IsOperatorKey(context, key)) throw ApiProblem.Forbidden("This route needs the operator key.");
    }

    private static bool IsOperatorKey(HttpContext context, string key)
    {
        var operatorKey = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
        return !string.IsNullOrEmpty(operatorKey) && Secrets.HashesEqual(Secrets.Hash(key), Secrets.Hash(operatorKey));
    }

    private static string? BearerKey(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var key = header[scheme.Length..].Trim();
        return key.Length == 0 ? null : key;
    }
}
