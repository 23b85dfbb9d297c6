using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace ActorSubs.Node.Api;

/// <summary>
/// JSON of the HTTP and WebSocket contract: camelCase, kebab-case enum values, times as ISO-8601 UTC with 'Z',
/// durations as ISO-8601 durations ("P7D", "PT4S").
/// </summary>
public static class WireJson
{
    /// <summary>Adds the contract's converters to options made with the web defaults, which name members in camelCase.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcTimeConverter());
        options.Converters.Add(new IsoDurationConverter());
        return options;
    }

    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// .NET writes a TimeSpan as "7.00:00:00", which only .NET reads; XmlConvert speaks ISO-8601 (xs:duration), which
    /// every platform's clients can parse.
    /// </summary>
    private sealed class IsoDurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return XmlConvert.ToTimeSpan(reader.GetString() ?? "");
            }
            catch (FormatException e)
            {
                throw new JsonException("A duration must be ISO-8601, e.g. \"PT5M\".", e);
            }
        }

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(XmlConvert.ToString(value));
    }
}
