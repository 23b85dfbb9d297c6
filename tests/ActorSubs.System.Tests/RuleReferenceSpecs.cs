using System.Text.RegularExpressions;
using ActorSubs.System.Tests.Support;

namespace ActorSubs.System.Tests;

/// <summary>
/// Rule numbers in the code (R1–R14) are the headings of docs/rules.md: a reader of any source file that cites a rule
/// finds where it is written down, and a number that names no rule is caught.
/// </summary>
public sealed partial class RuleReferenceSpecs
{
    [Fact]
    public void Every_source_file_that_cites_a_rule_points_into_docs_rules_md()
    {
        var unpointed = SourceFiles()
            .Where(file => RuleNumber().IsMatch(File.ReadAllText(file)) && !File.ReadAllText(file).Contains("rules.md", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(RepoFiles.Root, file))
            .ToList();
        Assert.True(unpointed.Count == 0, "these files cite rules without pointing at docs/rules.md:\n" + string.Join('\n', unpointed));
    }

    [Fact]
    public void Every_rule_number_the_code_cites_is_a_heading_of_docs_rules_md()
    {
        var headings = RuleHeading().Matches(File.ReadAllText(Path.Combine(RepoFiles.Root, "docs", "rules.md")))
            .Select(m => m.Groups["rule"].Value).ToHashSet();
        var unknown = SourceFiles()
            .SelectMany(file => RuleNumber().Matches(File.ReadAllText(file)).Select(m => (file, rule: m.Value)))
            .Where(x => !headings.Contains(x.rule))
            .Select(x => $"{Path.GetRelativePath(RepoFiles.Root, x.file)}: {x.rule}")
            .Distinct()
            .ToList();
        Assert.NotEmpty(headings);
        Assert.True(unknown.Count == 0, "these rule numbers are not headings of docs/rules.md:\n" + string.Join('\n', unknown));
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"\bR\d{1,2}\b")]
    private static partial Regex RuleNumber();

    [GeneratedRegex(@"^## (?<rule>R\d+) —", RegexOptions.Multiline)]
    private static partial Regex RuleHeading();
}
