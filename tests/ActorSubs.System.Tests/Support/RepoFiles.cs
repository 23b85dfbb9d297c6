namespace ActorSubs.System.Tests.Support;

/// <summary>Paths of the deployment files, found from the test output by walking up to the solution file.</summary>
public static class RepoFiles
{
    public static readonly string Root = FindRoot();

    public static string Dockerfile => Path.Combine(Root, "docker", "Dockerfile");

    public static string Compose => Path.Combine(Root, "docker", "compose.yaml");

    public static string Kustomization(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorSubs.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no ActorSubs.sln above {AppContext.BaseDirectory}");
    }
}
