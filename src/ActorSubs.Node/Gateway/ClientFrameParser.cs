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
    public static bool TryParse(ReadOnlySpan<byte> utf8, out ClientFrame? frame, out ErrorFrame? error)
    {
        frame = null;
        error = null;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            error = new ErrorFrame("bad-frame", "Frames are JSON objects with a 'type' member.");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) ||
                StringOf(typeElement) is not { } type)
            {
                error = new ErrorFrame("bad-frame", "Frames are JSON objects with a 'type' member.");
                return false;
            }

            try
            {
                frame = type switch
                {
                    "ack" => new AckClientFrame(Text(root, "id")),
                    "open" => new OpenClientFrame(Id(root, "hostId")),
                    "accept" => new AcceptClientFrame(Text(root, "channelId")),
                    "reject" => new RejectClientFrame(Text(root, "channelId"), OptionalText(root, "reason")),
                    "data" => new DataClientFrame(Text(root, "channelId"), Payload(root)),
                    "close" => new CloseClientFrame(Text(root, "channelId")),
                    _ => null,
                };
            }
            catch (FieldException e)
            {
                error = new ErrorFrame("validation", e.Message);
                return false;
            }
            if (frame is null)
            {
                error = new ErrorFrame("unknown-type", $"Unknown frame type '{type}'.");
                return false;
            }
            return true;
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && StringOf(value) is { Length: > 0 and <= 200 } text
            ? text
            : throw new FieldException($"'{name}' is required: a string of 1 to 200 characters.");

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
        return Identifier.IsValid(text) ? text : throw new FieldException($"'{name}' is not a valid id.");
    }

    private static string Payload(JsonElement root) =>
        root.TryGetProperty("payload", out var payload) && payload.ValueKind != JsonValueKind.Undefined
            ? payload.GetRawText()
            : throw new FieldException("'payload' is required.");

    private sealed class FieldException(string message) : Exception(message);
}
