using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace ActorSubs.System.Tests.Support;

/// <summary>
/// A read-only view of parsed YAML (mappings, sequences, scalars as strings): a missing key gives an empty node
/// instead of throwing, so an assertion can say what is missing.
/// </summary>
public sealed class YNode(object? value)
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public object? Value { get; } = value;

    public bool Exists => Value is not null;

    public YNode this[string key] =>
        Value is IDictionary<object, object> map && map.TryGetValue(key, out var child) ? new YNode(child) : new YNode(null);

    public IEnumerable<YNode> Items => Value is IList<object> list ? list.Select(o => new YNode(o)) : [];

    public IEnumerable<KeyValuePair<string, YNode>> Entries =>
        Value is IDictionary<object, object> map
            ? map.Select(e => new KeyValuePair<string, YNode>(e.Key.ToString()!, new YNode(e.Value)))
            : [];

    public string? Text => Value as string;

    public int? Int => int.TryParse(Text, out var n) ? n : null;

    public override string ToString() => Value?.ToString() ?? "(missing)";

    /// <summary>Every document of a YAML stream, with merge keys (<c>&lt;&lt;: *anchor</c>) resolved as Compose does.</summary>
    public static IReadOnlyList<YNode> ParseAll(string yaml)
    {
        var parser = new MergingParser(new Parser(new StringReader(yaml)));
        parser.Consume<StreamStart>();
        var documents = new List<YNode>();
        while (parser.Accept<DocumentStart>(out _))
            documents.Add(new YNode(Deserializer.Deserialize<object?>(parser)));
        return documents;
    }

    public static YNode Parse(string yaml) => ParseAll(yaml).Single();
}
