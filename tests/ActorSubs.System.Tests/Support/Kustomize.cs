using System.Diagnostics;

namespace ActorSubs.System.Tests.Support;

/// <summary>
/// Renders a kustomization with <c>kubectl kustomize</c> (kustomize is built into kubectl). Without kubectl the
/// test is skipped, saying why, except under CI=true, where that is a failure: CI must never drop these checks.
/// </summary>
public static class Kustomize
{
    public static readonly string[] Kustomizations = ["k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"];

    private static readonly Dictionary<string, IReadOnlyList<YNode>> Rendered = [];

    public static IReadOnlyList<YNode> Render(string kustomization)
    {
        lock (Rendered)
        {
            if (Rendered.TryGetValue(kustomization, out var cached)) return cached;
            var documents = YNode.ParseAll(Run(kustomization)).Where(d => d.Exists).ToList();
            Rendered[kustomization] = documents;
            return documents;
        }
    }

    private static string Run(string kustomization)
    {
        var kubectl = FindOnPath("kubectl");
        if (kubectl is null)
        {
            const string why = "kubectl is not on PATH, so the k8s/ kustomizations cannot be rendered";
            if (Environment.GetEnvironmentVariable("CI") == "true")
                throw new InvalidOperationException($"CI=true but {why}: install kubectl on the CI machine.");
            Skip.If(true, why + ".");
        }
        var start = new ProcessStartInfo(kubectl!)
        {
            WorkingDirectory = RepoFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(kustomization);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException($"kubectl kustomize {kustomization} ran over 60 s");
        }
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {kustomization} exited {process.ExitCode}: {errors.Result}");
        return output.Result;
    }

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
}
