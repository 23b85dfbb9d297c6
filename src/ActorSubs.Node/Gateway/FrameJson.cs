using System.Text.Json;
using System.Text.Json.Serialization;
using ActorSubs.Cluster.Gateway;
using ActorSubs.Node.Api;

namespace ActorSubs.Node.Gateway;

/// <summary>Writes server frames as the contract's JSON (camelCase, kebab-case enums, UTC 'Z' times).</summary>
public static class FrameJson
{
    private static readonly JsonSerializerOptions Options =
        WireJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new DataFrameConverter() } });

    public static byte[] Serialize(ServerFrame frame) => JsonSerializer.SerializeToUtf8Bytes(frame, frame.GetType(), Options);

    /// <summary>A data frame's payload is the peer's JSON value, written back unchanged.</summary>
    private sealed class DataFrameConverter : JsonConverter<DataFrame>
    {
        public override DataFrame Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("data frames are parsed by ClientFrameParser");

        public override void Write(Utf8JsonWriter writer, DataFrame value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("type", value.Type);
            writer.WriteString("channelId", value.ChannelId);
            writer.WritePropertyName("payload");
            writer.WriteRawValue(value.Payload, skipInputValidation: true);
            writer.WriteEndObject();
        }
    }
}
