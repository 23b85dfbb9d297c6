using System.Reflection;
using System.Text.RegularExpressions;
using ActorSubs.System.Tests.Support;

namespace ActorSubs.System.Tests;

/// <summary>docs/configuration.md documents every setting the node binds: each options section has its heading and each settable property its row.</summary>
public sealed class ConfigurationDocSpecs
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepoFiles.Root, "docs", "configuration.md"));

    public static TheoryData<string> Sections() => [.. OptionsCatalog.Sections.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Sections))]
    public void Every_setting_of_a_section_has_a_row_under_its_heading(string section)
    {
        var text = SectionText(section);
        Assert.False(text is null, $"docs/configuration.md has no heading for `{section}`");
        var missing = OptionsCatalog.Sections[section]
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.Name)
            .Where(name => !Documented(section, name, text!))
            .ToList();
        Assert.True(missing.Count == 0, $"{section}: no row for {string.Join(", ", missing)}");
    }

    /// <summary>
    /// A row of its own (<c>| `Port` |</c>), rows of a nested block (<c>| `Web:Decline` |</c>, <c>| `{AppStore,Web}:Decline` |</c>)
    /// or a heading of its own for a nested section (<c>### `ActorSubs:Cluster:FailureDetection`</c>).
    /// </summary>
    private static bool Documented(string section, string name, string sectionText) =>
        Regex.IsMatch(sectionText, $@"^\|\s*`({name}|\{{[^}}`]*\b{name}\b[^}}`]*\}})(:[^`]*)?`\s*\|", RegexOptions.Multiline)
        || SectionText($"{section}:{name}") is not null;

    /// <summary>The text from the section's own heading (<c>## `ActorSubs:Cluster` …</c>) to the next heading of the same level.</summary>
    private static string? SectionText(string section)
    {
        var heading = Regex.Match(Doc, $@"^##+ `{Regex.Escape(section)}`.*$", RegexOptions.Multiline);
        if (!heading.Success) return null;
        var level = heading.Value.TakeWhile(c => c == '#').Count();
        var rest = Doc[(heading.Index + heading.Length)..];
        var next = Regex.Match(rest, $@"^#{{1,{level}}} ", RegexOptions.Multiline);
        return next.Success ? rest[..next.Index] : rest;
    }
}
