using System.Text.RegularExpressions;
using ActorSubs.System.Tests.Support;

namespace ActorSubs.System.Tests;

/// <summary>
/// Whoever clones the repository has only the repository: no file may point at a path of the machine it was
/// written on or at documents that are not in it, and every relative link of the documentation must resolve.
/// </summary>
public sealed partial class RepositoryStandsAloneSpecs
{
    private static readonly string[] SkippedDirectories = ["bin", "obj", ".git", "artifacts", "node_modules", "TestResults"];

    private static readonly string[] TextExtensions =
        [".cs", ".md", ".sh", ".json", ".yaml", ".yml", ".props", ".targets", ".csproj", ".sln", ".txt", ".py", ".conf", ".hocon", ""];

    /// <summary>Paths outside the repository: the parent folder's briefing and home or work folders of a machine.</summary>
    private static readonly Regex OutsidePath = OutsidePathPattern();

    [Fact]
    public void No_file_refers_to_a_path_outside_the_repository()
    {
        var offenders = RepositoryTextFiles()
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => OutsidePath.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(RepoFiles.Root, x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "files refer to paths outside the repository:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Every_relative_link_in_the_documentation_resolves_inside_the_repository()
    {
        var broken = new List<string>();
        foreach (var file in RepositoryTextFiles().Where(f => f.EndsWith(".md", StringComparison.Ordinal)))
        {
            var dir = Path.GetDirectoryName(file)!;
            foreach (Match link in MarkdownLink().Matches(File.ReadAllText(file)))
            {
                var target = link.Groups["target"].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://") || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                var full = Path.GetFullPath(Path.Combine(dir, Uri.UnescapeDataString(target)));
                var inside = full.StartsWith(RepoFiles.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
                if (!inside || !(File.Exists(full) || Directory.Exists(full)))
                    broken.Add($"{Path.GetRelativePath(RepoFiles.Root, file)}: ({link.Groups["target"].Value})");
            }
        }
        Assert.True(broken.Count == 0, "links that do not resolve inside the repository:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void The_check_sees_the_documentation_and_the_code()
    {
        var files = RepositoryTextFiles().Select(f => Path.GetRelativePath(RepoFiles.Root, f).Replace('\\', '/')).ToList();
        Assert.Contains("README.md", files);
        Assert.Contains("docs/architecture.md", files);
        Assert.Contains("src/ActorSubs.Domain/AccountDecider.cs", files);
        Assert.Matches(OutsidePath, "see " + "../" + "shared/SPEC.md");
        Assert.Matches(OutsidePath, "Data Source=" + "/home/" + "someone/actorsubs.db");
        Assert.DoesNotMatch(OutsidePath, "Data Source=/tmp/bench/actorsubs.db (a scratch file the command itself creates)");
    }

    private static IEnumerable<string> RepositoryTextFiles()
    {
        var self = Path.Combine(RepoFiles.Root, "tests", "ActorSubs.System.Tests", nameof(RepositoryStandsAloneSpecs) + ".cs");
        var pending = new Stack<string>([RepoFiles.Root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(sub))) pending.Push(sub);
            }
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                if (file != self && TextExtensions.Contains(Path.GetExtension(file)) && new FileInfo(file).Length < 2_000_000) yield return file;
            }
        }
    }

    // The briefing's file names, a parent folder named "shared", and absolute home or work folders.
    [GeneratedRegex(@"\.\./shared\b|\bSPEC(\.md|\s*§)|AKKA-NOTES|(^|[\s""'`(=:])/(work|root|home|Users)/", RegexOptions.CultureInvariant)]
    private static partial Regex OutsidePathPattern();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLink();
}
