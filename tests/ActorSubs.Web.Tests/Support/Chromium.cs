namespace ActorSubs.Web.Tests.Support;

/// <summary>
/// The machine's Chromium, driven by Playwright. Playwright's own browser download is never used (the machine's network
/// is closed): the browser is Debian's <c>chromium</c> package, which <c>.ci/run</c> installs when it is missing.
/// Without it the browser specs skip and say why, except under <c>CI=true</c>, where they fail: CI must never drop them
/// silently (as with PostgreSQL, <see cref="TestDatabase"/>).
/// </summary>
public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>Another Chromium can be named with this variable (a developer machine with the browser elsewhere).</summary>
    public const string PathVariable = "ACTORSUBS_TEST_CHROMIUM";

    /// <summary>
    /// Headless, no sandbox (tests run as root in containers), and nothing that reaches for the network on its own: no
    /// QUIC, no first-run, background, component-update or sync traffic.
    /// </summary>
    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static string? Path => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>The reason the browser specs cannot run, or null when they can.</summary>
    public static string? Missing => File.Exists(Path) ? null : $"No Chromium at {Path}: install Debian's chromium package (or set {PathVariable}).";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        // Belt and braces: nothing in the Playwright driver may try to fetch a browser.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Path,
                Headless = true,
                Args = Arguments,
                Timeout = 60_000,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Skips the calling spec when the browser is missing, or fails it under CI=true.</summary>
    public static void Require()
    {
        if (Missing is not { } reason) return;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"CI=true and the browser specs cannot run. {reason}");
        Skip.If(true, reason);
    }
}
