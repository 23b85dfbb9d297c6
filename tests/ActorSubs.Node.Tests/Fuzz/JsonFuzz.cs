using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace ActorSubs.Node.Tests.Fuzz;

/// <summary>
/// Generators of JSON as text, shared by the HTTP and the WebSocket fuzz. Text rather than <c>JsonNode</c>, because
/// the inputs worth trying include what a JSON library refuses to build: numbers beyond a double, nesting deeper than
/// any parser's limit, duplicate members, truncated documents.
/// </summary>
public static class JsonFuzz
{
    /// <summary>A JSON string literal.</summary>
    public static string Str(string value) => JsonSerializer.Serialize(value);

    public static Gen<string> Strings(params string[] values) => Gen.Elements(values).Select(Str);

    /// <summary>Deep nesting: far over the 64 levels System.Text.Json reads by default.</summary>
    public static readonly string DeepArray = new string('[', 5000) + new string(']', 5000);

    public static readonly string DeepObject = string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300);

    /// <summary>Values of the wrong type, out of range or of a hostile shape, for any member.</summary>
    public static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.Elements("null", "true", "false", "0", "-1", "1.5", "2147483648", "-9223372036854775809", "18446744073709551616",
            "1e999", "-1e999", "1e-999", "[]", "{}", "[1,\"a\",null]", "{\"nested\":{\"deeper\":[{}]}}", DeepArray, DeepObject),
        Strings("", " ", "\u0000", "\\", "é🙂ﬃ", "\u202Eevil", "A", new string('x', 65), new string('x', 300), new string('é', 2000),
            "-P1D", "P-1D", "PT0S", "P9999999999D", "P1Y2M3DT4H5M6S", "2026-02-30T00:00:00Z", "0001-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z", "1970-01-01", "not-a-date", "ANNUAL", "Annual", "lifetime", "AppStore", "app_store",
            "DesktopPermanent", "Paid", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "{\"type\":\"ack\"}"),
        // A lone surrogate, written escaped: valid JSON text, invalid UTF-16 once read.
        Gen.Constant("\"\\ud800x\""));

    /// <summary>
    /// An object of <paramref name="members"/>, each kept valid, given a hostile value, left out or written twice, and
    /// sometimes an unknown member, so most generated objects are near a valid request and some are one.
    /// </summary>
    public static Gen<string> Object(params (string Name, Gen<string> Valid)[] members)
    {
        var chosen = members.Select(m => Gen.Frequency(
            (10, m.Valid.Select(v => $"{Str(m.Name)}:{v}")),
            (2, Hostile.Select(v => $"{Str(m.Name)}:{v}")),
            (1, Gen.Constant("")),
            (1, Hostile.SelectMany(first => m.Valid.Select(v => $"{Str(m.Name)}:{first},{Str(m.Name)}:{v}"))))).ToArray();
        var unknown = Gen.Frequency(
            (4, Gen.Constant("")),
            (1, Hostile.Select(v => $"\"unknownMember\":{v}")),
            (1, Hostile.Select(v => $"{Str(members.Length > 0 ? members[0].Name.ToUpperInvariant() : "X")}:{v}")));
        return Gen.CollectToArray(chosen.Append(unknown))
            .Select(parts => "{" + string.Join(",", parts.Where(p => p.Length > 0)) + "}");
    }

    /// <summary>Documents that are not a JSON object, or not JSON at all; each with a label for the counts.</summary>
    public static Gen<(byte[] Bytes, string Label)> NotAnObject(Gen<string> validObject) => Gen.OneOf(
        Gen.Elements(
            ("", "empty"), ("not json", "not-json"), ("{", "open-brace"), ("[]", "array"), ("null", "null"), ("42", "number"),
            ("\"text\"", "string"), (DeepArray, "deep-array"), (DeepObject, "deep-object"), (new string('[', 100_000), "unclosed-nesting"),
            ("{\"a\":1}{\"b\":2}", "two-documents"), ("{'single':'quotes'}", "single-quotes"), ("{\"a\":1,}", "trailing-comma"))
            .Select(t => (Encoding.UTF8.GetBytes(t.Item1), t.Item2)),
        validObject.SelectMany(text => Gen.Choose(0, Math.Max(0, text.Length - 1))
            .Select(cut => (Encoding.UTF8.GetBytes(text[..cut]), "truncated"))),
        validObject.Select(text => (Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(), "utf8-bom")),
        validObject.Select(text => (Encoding.UTF8.GetBytes(text).Concat(new byte[] { 0xFF, 0xFE, 0xC3 }).ToArray(), "invalid-utf8")),
        Gen.Constant((Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 70_000) + "\"}"), "over-64KiB")));

    public static Gen<string> Number(long from, long to) =>
        Gen.Choose(0, int.MaxValue).Select(n => (from + (long)(n / (double)int.MaxValue * (to - from))).ToString(CultureInfo.InvariantCulture));
}
