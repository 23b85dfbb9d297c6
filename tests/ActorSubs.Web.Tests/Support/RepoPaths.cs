namespace ActorSubs.Web.Tests.Support;

/// <summary>Where the screenshots go: <c>artifacts/screenshots/</c> at the repository root (git ignores <c>artifacts/</c>).</summary>
public static class RepoPaths
{
    public static string Screenshots
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "ActorSubs.sln")))
                folder = folder.Parent;
            var root = folder?.FullName ?? AppContext.BaseDirectory;
            var path = System.IO.Path.Combine(root, "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }
}
