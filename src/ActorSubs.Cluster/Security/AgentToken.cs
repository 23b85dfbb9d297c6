using System.Buffers.Text;
using System.Text;

namespace ActorSubs.Cluster.Security;

/// <summary>
/// The token of a device or host agent: <c>kind.base64url(accountId).base64url(agentId).secret</c>. It names
/// its account so a gateway node can route the connection without a lookup table; only the secret's hash is
/// stored in the account, so the token proves nothing until the account has checked it.
/// </summary>
public sealed record AgentToken(string Kind, string AccountId, string AgentId, string Secret)
{
    public const string DeviceKind = "dev";
    public const string HostKind = "host";

    public static string Issue(string kind, string accountId, string agentId) =>
        string.Join('.', kind, Encode(accountId), Encode(agentId), Secrets.NewToken("s"));

    public static bool TryParse(string? token, out AgentToken parsed)
    {
        parsed = null!;
        var parts = token?.Split('.');
        if (parts is not { Length: 4 } || parts[0] is not (DeviceKind or HostKind)) return false;
        if (Decode(parts[1]) is not { } account || Decode(parts[2]) is not { } agent) return false;
        parsed = new AgentToken(parts[0], account, agent, parts[3]);
        return true;
    }

    private static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    private static string? Decode(string value) =>
        Base64Url.IsValid(value) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)) : null;
}
