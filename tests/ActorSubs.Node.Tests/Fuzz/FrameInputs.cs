using System.Text;
using FsCheck;
using FsCheck.Fluent;
using static ActorSubs.Node.Tests.Fuzz.JsonFuzz;

namespace ActorSubs.Node.Tests.Fuzz;

/// <summary>One generated client message: its kind (for the counts), its bytes, and whether it goes as a binary frame.</summary>
public sealed record FuzzFrame(string Kind, byte[] Bytes, bool Binary = false, bool InvalidUtf8 = false)
{
    public override string ToString()
    {
        var text = Encoding.UTF8.GetString(Bytes);
        return $"{Kind}{(Binary ? " (binary)" : "")}: {(text.Length > 200 ? text[..200] + "…" : text)}";
    }
}

/// <summary>
/// FsCheck generators of client frames of every type in docs/protocol.md (ack, open, accept, reject, data, close), each
/// near its valid shape with mutated members, and frames of no known type, not JSON, binary, invalid UTF-8 or over the
/// 64 KiB limit. Channel and notification ids are drawn from those the session has actually seen, so some frames are
/// valid and reach the relay and the outbox.
/// </summary>
public static class FrameInputs
{
    public static Gen<FuzzFrame> Device(IReadOnlyList<string> channelIds, IReadOnlyList<string> notificationIds) =>
        Any(channelIds, notificationIds, ownTypes: ["ack", "open", "data", "close"], otherTypes: ["accept", "reject"]);

    public static Gen<FuzzFrame> Host(IReadOnlyList<string> channelIds) =>
        Any(channelIds, [], ownTypes: ["accept", "reject", "data", "close"], otherTypes: ["ack", "open"]);

    private static Gen<FuzzFrame> Any(IReadOnlyList<string> channelIds, IReadOnlyList<string> notificationIds, string[] ownTypes, string[] otherTypes)
    {
        // Mostly the newest channels, which may still be open on this connection, so data and close reach the relay.
        var channel = Gen.Frequency((6, Gen.Elements(channelIds.TakeLast(1).DefaultIfEmpty("c-unknown").ToArray()).Select(Str)),
            (1, Gen.Elements(channelIds.Append("c-unknown").ToArray()).Select(Str)), (1, Strings("", new string('c', 201), "c-1")));
        var ids = Gen.Frequency((3, Gen.Elements(notificationIds.Append("n-unknown").ToArray()).Select(Str)), (1, Strings("", new string('n', 201))));
        var payload = Gen.OneOf(Gen.Elements("{\"keys\":\"ls\\n\"}", "\"text\"", "[1,2,3]", "null", "{}"), Hostile);
        Gen<string> Typed(string type) => type switch
        {
            "ack" => Object(("type", Strings("ack")), ("id", ids)),
            "open" => Object(("type", Strings("open")), ("hostId", Gen.Frequency((4, Strings("mac")), (1, Strings("h-unknown", "not a valid id!", new string('h', 65)))))),
            "accept" => Object(("type", Strings("accept")), ("channelId", channel)),
            "reject" => Object(("type", Strings("reject")), ("channelId", channel), ("reason", Strings("busy", ""))),
            "data" => Object(("type", Strings("data")), ("channelId", channel), ("payload", payload)),
            "close" => Object(("type", Strings("close")), ("channelId", channel)),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a client frame type"),
        };
        var own = ownTypes.Select(t => (5, Typed(t).Select(text => new FuzzFrame(t, Encoding.UTF8.GetBytes(text)))));
        var other = otherTypes.Select(t => (1, Typed(t).Select(text => new FuzzFrame(t + " (other kind)", Encoding.UTF8.GetBytes(text)))));
        var valid = Gen.OneOf(ownTypes.Select(Typed));
        var unknown = Object(("type", Strings("teleport", "", "ACK", "welcome", "error", "notification", "opened")), ("hostId", Strings("mac")))
            .Select(text => new FuzzFrame("unknown-type", Encoding.UTF8.GetBytes(text)));
        var broken = NotAnObject(valid).Select(t => new FuzzFrame(t.Label, t.Bytes, InvalidUtf8: t.Label == "invalid-utf8"));
        var binary = valid.Select(text => new FuzzFrame("binary", Encoding.UTF8.GetBytes(text), Binary: true));
        return Gen.Frequency(own.Concat(other).Concat([(3, unknown), (4, broken), (1, binary)]));
    }
}
