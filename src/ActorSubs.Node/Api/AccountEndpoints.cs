using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Security;
using ActorSubs.Domain;
using ActorSubs.Node.Api.RateLimiting;
using static ActorSubs.Domain.AccountCommands;

namespace ActorSubs.Node.Api;

/// <summary>The account routes (docs/api.md). The rule numbers in their summaries are the headings of docs/rules.md.</summary>
public static class AccountEndpoints
{
    /// <summary>Each handler's return type (a view, or a TypedResults 201) describes its answer in the OpenAPI document.</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/accounts", SignUpAsync).WithTags("accounts")
            .Accepts<SignUpRequest>("application/json")
            .WithSummary("Sign up: starts the trial and returns the account's API key, once.")
            .RequireRateLimiting(RateLimitPolicies.SignUp);

        // Everything under an account takes its API key or the operator key; the entity checks which account a key opens.
        var accounts = app.MapGroup("/api/accounts").WithTags("accounts").RequireAuthorization(ApiPolicies.Account)
            .RequireRateLimiting(RateLimitPolicies.Account);

        accounts.MapGet("/{accountId}", (string accountId, ClaimsPrincipal user, AccountClient client, CancellationToken cancellation) =>
                client.GetAsync(Validate.Id(accountId, "accountId"), user.ToCaller(), cancellation))
            .WithSummary("The account: subscription, hosts, devices, licences.");

        accounts.MapGet("/{accountId}/notifications", (string accountId, ClaimsPrincipal user, AccountClient client, CancellationToken cancellation) =>
                client.GetNotificationsAsync(Validate.Id(accountId, "accountId"), user.ToCaller(), cancellation))
            .WithSummary("Notifications kept for devices that have not acknowledged them (R13).");

        MapCommand<PurchaseRequest>(accounts, HttpMethod.Post, "/{accountId}/purchases", r => r.ToCommand(),
            "Buy a paid plan (R3, R4, R14).");
        MapCommand<AutoRenewRequest>(accounts, HttpMethod.Put, "/{accountId}/auto-renew", r => r.ToCommand(),
            "Switch auto-renew on or off (R9).");
        MapCommand<LicenceRequest>(accounts, HttpMethod.Post, "/{accountId}/licences", r => r.ToCommand(),
            "Register a Parallels Desktop licence key (R5–R7).");
        MapCommand<LicencePackRequest>(accounts, HttpMethod.Post, "/{accountId}/licence-packs", r => r.ToCommand(),
            "Buy a pack of 5 more hosts (R8).");
        MapCommand<RefundRequest>(accounts, HttpMethod.Post, "/{accountId}/refunds", r => r.ToCommand(),
            "Refund a purchase (R12).");

        accounts.MapPost("/{accountId}/hosts", AddHostAsync)
            .Accepts<HostRequest>("application/json")
            .WithSummary("Register a host (R8); returns the host agent's token, once.");
        accounts.MapDelete("/{accountId}/hosts/{hostId}", (string accountId, string hostId, ClaimsPrincipal user, AccountClient client,
                    CancellationToken cancellation) =>
                client.ExecuteAsync(Validate.Id(accountId, "accountId"), new RemoveHost(new HostId(Validate.Id(hostId, "hostId"))),
                    user.ToCaller(), cancellation))
            .WithSummary("Remove a host.");

        accounts.MapPost("/{accountId}/devices", AddDeviceAsync)
            .Accepts<DeviceRequest>("application/json")
            .WithSummary("Register a device; returns its token, once.");
        accounts.MapDelete("/{accountId}/devices/{deviceId}", (string accountId, string deviceId, ClaimsPrincipal user, AccountClient client,
                    CancellationToken cancellation) =>
                client.ExecuteAsync(Validate.Id(accountId, "accountId"), new RemoveDevice(new DeviceId(Validate.Id(deviceId, "deviceId"))),
                    user.ToCaller(), cancellation))
            .WithSummary("Remove a device: its token stops working.");
    }

    /// <summary>
    /// A route that reads a body, turns it into one command and answers with the account view (the admin routes' too).
    /// </summary>
    internal static void MapCommand<TRequest>(RouteGroupBuilder group, HttpMethod method, string pattern,
        Func<TRequest, IAccountCommand> toCommand, string summary) where TRequest : class
    {
        group.MapMethods(pattern, [method.Method], async (HttpContext http, string accountId, AccountClient client) =>
            {
                var id = Validate.Id(accountId, "accountId");
                var command = toCommand(await RequestBody.ReadAsync<TRequest>(http));
                return await client.ExecuteAsync(id, command, http.User.ToCaller(), http.RequestAborted);
            })
            .Accepts<TRequest>("application/json").WithSummary(summary);
    }

    private static async Task<Created<SignUpResponse>> SignUpAsync(HttpContext http, AccountClient client)
    {
        var request = await RequestBody.ReadAsync<SignUpRequest>(http);
        var accountId = Validate.Id(request.AccountId, "accountId");
        var email = Validate.Email(request.Email, "email");
        var apiKey = Secrets.NewToken("ak");
        var view = await client.ExecuteAsync(accountId, new CreateAccount(new AccountId(accountId), email, Secrets.Hash(apiKey)),
            Caller.Anonymous, http.RequestAborted);
        return TypedResults.Created($"/api/accounts/{accountId}", new SignUpResponse(accountId, apiKey, view));
    }

    private static async Task<Created<HostRegistered>> AddHostAsync(HttpContext http, string accountId, AccountClient client)
    {
        var id = Validate.Id(accountId, "accountId");
        var request = await RequestBody.ReadAsync<HostRequest>(http);
        var hostId = Validate.Id(request.HostId, "hostId");
        var name = Validate.Name(request.Name, "name");
        var token = AgentToken.Issue(AgentToken.HostKind, id, hostId);
        await client.ExecuteAsync(id, new AddHost(new HostId(hostId), name, Secrets.Hash(token)), http.User.ToCaller(), http.RequestAborted);
        return TypedResults.Created($"/api/accounts/{id}/hosts/{hostId}", new HostRegistered(hostId, token));
    }

    private static async Task<Created<DeviceRegistered>> AddDeviceAsync(HttpContext http, string accountId, AccountClient client)
    {
        var id = Validate.Id(accountId, "accountId");
        var request = await RequestBody.ReadAsync<DeviceRequest>(http);
        var deviceId = Validate.Id(request.DeviceId, "deviceId");
        var platform = Validate.Enum<Platform>(request.Platform, "platform");
        var name = Validate.Name(request.Name, "name");
        var token = AgentToken.Issue(AgentToken.DeviceKind, id, deviceId);
        await client.ExecuteAsync(id, new AddDevice(new DeviceId(deviceId), platform, name, Secrets.Hash(token)), http.User.ToCaller(), http.RequestAborted);
        return TypedResults.Created($"/api/accounts/{id}/devices/{deviceId}", new DeviceRegistered(deviceId, token));
    }
}
