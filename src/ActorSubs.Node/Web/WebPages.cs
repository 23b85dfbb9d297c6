using System.Reflection;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.Extensions.FileProviders;

namespace ActorSubs.Node.Web;

/// <summary>
/// The two browser pages (docs/web.md): <c>GET /</c> My Account and <c>GET /admin</c> the operator dashboard, with their
/// scripts and styles. The files live in <c>wwwroot/</c> and are embedded in the node's assembly, so every node serves
/// the same pages whatever its content root (a published image, <c>dotnet run</c>, or a node inside a test process).
/// They are written to the node's Content-Security-Policy (<see cref="Api.ResponseHeaders"/>: only the node's own files,
/// no inline script or style, no eval, not framed), which every answer carries.
/// </summary>
public static class WebPages
{
    private const string ResourceRoot = "ActorSubs.Node.wwwroot";

    /// <summary>The pages' files by URL path. Embedded resource names carry no folders: "/js/app.js" is "js.app.js".</summary>
    private static readonly IFileProvider Files = new EmbeddedFileProvider(Assembly.GetExecutingAssembly(), ResourceRoot);

    /// <summary>
    /// Before authentication: the files are public (they hold no data; every call they make carries the user's key).
    /// <c>GET /</c> is index.html as the root's default file, <c>GET /admin</c> is admin.html. <c>no-cache</c> makes
    /// the browser revalidate by ETag, so a node upgrade is seen at once and an unchanged file costs a 304 of a few
    /// hundred bytes.
    /// </summary>
    public static IApplicationBuilder UseWebPages(this IApplicationBuilder app) => app
        .UseRewriter(new RewriteOptions().AddRewrite("^admin/?$", "admin.html", skipRemainingRules: true))
        .UseDefaultFiles(new DefaultFilesOptions { FileProvider = Files })
        .UseStaticFiles(new StaticFileOptions
        {
            FileProvider = Files,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
}
