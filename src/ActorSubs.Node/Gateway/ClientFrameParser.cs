using System.Text.Json;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Domain;

namespace ActorSubs.Node.Gateway;

/// <summary>
/// Turns a client's text frame into a <see cref="ClientFrame"/>, or into the error frame that tells the
/// client what was wrong: not JSON, no or unknown <c>type</c>, a missing or malformed field.
/// </summary>
public static class ClientFrameParser
{
    private const string NotAFrame = "Frames are JSON objects with a 'type' member.";

    public static bool TryParse(ReadOnlySpan<byte> utf8, out ClientFrame? frame, out ErrorFrame? error)
    {
        frame = null;
        error = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) ||
                StringOf(typeElement) is not { } type)
                throw new FrameException("bad-frame", NotAFrame);

            frame = type switch
            {
                "ack" => new AckClientFrame(Text(root, "id")),
                "open" => new OpenClientFrame(Id(root, "hostId")),
                "accept" => new AcceptClientFrame(Text(root, "channelId")),
                "reject" => new RejectClientFrame(Text(root, "channelId"), OptionalText(root, "reason")),
                "data" => new DataClientFrame(Text(root, "channelId"), Payload(root)),
                "close" => new CloseClientFrame(Text(root, "channelId")),
                _ => throw new FrameException("unknown-type", $"Unknown frame type '{type}'."),
            };
            return true;
        }
        catch (JsonException)
        {
            error = new ErrorFrame("bad-frame", NotAFrame);
        }
        catch (FrameException e)
        {
            error = new ErrorFrame(e.Code, e.Message);
        }
        return false;
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && StringOf(value) is { Length: > 0 and <= 200 } text
            ? text
            : throw new FrameException("validation", $"'{name}' is required: a string of 1 to 200 characters.");

    private static string? OptionalText(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? StringOf(value) : null;

    /// <summary>
    /// The string, or null when the value is not one. Valid JSON may escape a lone UTF-16 surrogate ("\ud800"), which
    /// is no string .NET can hold: GetString throws InvalidOperationException, and before this it escaped the read loop
    /// and dropped the connection without a close frame (found by the WebSocket fuzz). Such a value counts as not a string.
    /// </summary>
    private static string? StringOf(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Id(JsonElement root, string name)
    {
        var text = Text(root, name);
        return Identifier.IsValid(text) ? text : throw new FrameException("validation", $"'{name}' is not a valid id.");
    }

    private static string Payload(JsonElement root) =>
        root.TryGetProperty("payload", out var payload) && payload.ValueKind != JsonValueKind.Undefined
            ? payload.GetRawText()
            : throw new FrameException("validation", "'payload' is required.");

    /// <summary>What is wrong with a frame: the error frame's code and message.</summary>
    private sealed class FrameException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
