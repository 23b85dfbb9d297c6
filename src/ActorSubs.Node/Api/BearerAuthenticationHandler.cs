using System.Security.Claims;
using System.Text.Encodings.Web;
using ActorSubs.Node.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Api;

/// <summary>What one bearer scheme takes (see <see cref="ApiAuthentication"/>).</summary>
public sealed class BearerSchemeOptions : AuthenticationSchemeOptions
{
    /// <summary>The <see cref="BearerCredential"/> kinds this scheme takes. Any other kind is treated as no credential.</summary>
    public IReadOnlyList<string> Accepts { get; set; } = [];

    /// <summary>Browsers cannot set headers on a WebSocket, so the socket routes also read <c>?access_token=</c>.</summary>
    public bool ReadsAccessTokenQuery { get; set; }

    /// <summary>The detail of the 401 problem: what to send.</summary>
    public string ChallengeDetail { get; set; } = "Send a credential as 'Authorization: Bearer <key>'.";

    /// <summary>The detail of the 403 problem: a credential of this scheme's kinds that the route's policy refused.</summary>
    public string ForbiddenDetail { get; set; } = "This credential may not use this route.";
}

/// <summary>
/// <c>Authorization: Bearer &lt;secret&gt;</c> (scheme name case-insensitive, spaces around the secret ignored), or
/// <c>?access_token=</c> where the scheme allows it; the header wins. Recognises the secret with
/// <see cref="BearerCredential"/>, and answers a challenge with a 401 <c>unauthorized</c> problem and a refusal with a
/// 403 <c>forbidden</c> problem. The secret is never logged or put in a claim.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<BearerSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AdminOptions> admin)
    : AuthenticationHandler<BearerSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = HeaderSecret() ?? (Options.ReadsAccessTokenQuery ? QuerySecret() : null);
        if (secret is null) return Task.FromResult(AuthenticateResult.NoResult());

        var identity = BearerCredential.Recognise(secret, admin.Value.ApiKey, Scheme.Name);
        // A credential of another kind (a host token on the device socket, a device token on an account route) is not
        // refused as forbidden: this route has simply not been sent what it takes, so it challenges (401).
        if (!Options.Accepts.Contains(identity.FindFirst(BearerCredential.KindClaim)!.Value))
            return Task.FromResult(AuthenticateResult.NoResult());
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblem.Unauthorized(Options.ChallengeDetail).WriteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.Forbidden(Options.ForbiddenDetail).WriteAsync(Context);

    private string? HeaderSecret() =>
        Request.Headers.Authorization.ToString() is var header && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
        && header[BearerPrefix.Length..].Trim() is { Length: > 0 } secret
            ? secret
            : null;

    private string? QuerySecret() => Request.Query["access_token"].ToString() is { Length: > 0 } secret ? secret : null;
}
