using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores.Cleverbridge;

/// <summary><c>POST /api/stores/cleverbridge/notifications</c>: basic auth and the body's HMAC, then read, map, deliver.</summary>
public sealed class CleverbridgeNotificationRoute(IOptions<CleverbridgeOptions> options, StoreNotificationDelivery delivery,
    ILogger<CleverbridgeNotificationRoute> log)
{
    public async Task<StoreNotificationOutcome> HandleAsync(HttpContext http)
    {
        var o = options.Value;
        if (!o.IsConfigured) throw StoreProblems.NotConfigured("Cleverbridge", CleverbridgeOptions.Section);
        var body = await StoreRequestBody.ReadAsync(http);
        StoreMapping mapping;
        try
        {
            new CleverbridgeRequestVerifier(o.User!, o.Password!, o.SigningKey!)
                .Verify(http.Request.Headers.Authorization.ToString(), http.Request.Headers["X-Signature"].ToString(), body);
            mapping = CleverbridgeNotificationMapper.Map(CleverbridgeEvent.Read(body));
        }
        catch (StoreVerificationException e)
        {
            log.LogWarning("Cleverbridge notification refused ({Failure}): {Detail}", e.Failure, e.Message);
            throw StoreProblems.From(e);
        }
        return await delivery.DeliverAsync(mapping, http.RequestAborted);
    }
}
