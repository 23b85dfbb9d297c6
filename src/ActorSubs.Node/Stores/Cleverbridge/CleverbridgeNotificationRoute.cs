using ActorSubs.Node.Api;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Stores.Cleverbridge;

/// <summary><c>POST /api/stores/cleverbridge/notifications</c>: basic auth and the body's HMAC, then map.</summary>
public sealed class CleverbridgeNotificationRoute(IOptions<CleverbridgeOptions> options)
{
    public async Task<StoreMapping> MapAsync(HttpContext http)
    {
        var o = options.Value;
        if (!o.IsConfigured) throw StoreProblems.NotConfigured("Cleverbridge", CleverbridgeOptions.Section);
        var body = await RequestBody.ReadBytesAsync(http);
        var headers = http.Request.Headers;
        new CleverbridgeRequestVerifier(o.User!, o.Password!, o.SigningKey!)
            .Verify(headers.Authorization.ToString(), headers["X-Signature"].ToString(), body);
        return CleverbridgeNotificationMapper.Map(CleverbridgeEvent.Read(body));
    }
}
