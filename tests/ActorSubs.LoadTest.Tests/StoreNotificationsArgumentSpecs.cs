using System.Security.Cryptography.X509Certificates;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Scenarios;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary>The <c>store-notifications</c> command line and its authority files, with no node involved.</summary>
public sealed class StoreNotificationsArgumentSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_root_file_is_required()
    {
        var result = await LoadTester.RunAsync("store-notifications", "--authority-only");
        Assert.True(result.ExitCode == LoadTestApp.ExitUsage, result.ToString());
        Assert.Contains("error: --root is required: the PEM file of the root the node trusts.", result.Error);
    }

    [Fact]
    public async Task An_open_loop_longer_than_the_request_cap_is_refused()
    {
        var result = await LoadTester.RunAsync("store-notifications", "--root", _folder.File("r.pem"), "--rate", "100", "--duration", "10", "--max-requests", "999");
        Assert.True(result.ExitCode == LoadTestApp.ExitUsage, result.ToString());
        Assert.Contains("--rate 100 for 10 s is more than --max-requests 999.", result.Error);
    }

    [Fact]
    public void The_defaults_are_a_real_sized_run_and_the_signer_sits_beside_the_root()
    {
        var settings = new StoreNotificationsScenario.Settings { Root = _folder.File("apple/root.pem") };
        Assert.True(settings.Validate().Successful);
        Assert.Equal((1000, 20.0, 3.0, 32, "com.example.access", "com.example.access.monthly"),
            (settings.Accounts, settings.Duration, settings.Warmup, settings.Concurrency, settings.BundleId, settings.Product));
        Assert.Equal(_folder.File("apple/root.signer.pem"), settings.SignerPath);
    }

    [Fact]
    public async Task Authority_only_writes_a_root_ca_and_a_private_signer_then_keeps_them()
    {
        var root = _folder.File("apple/root.pem");
        var first = await LoadTester.RunAsync("store-notifications", "--root", root, "--authority-only");
        Assert.True(first.ExitCode == LoadTestApp.ExitOk, first.ToString());
        Assert.Contains($"App Store authority made: root {root}", first.Output);

        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(root));
        Assert.True(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.False(certificate.HasPrivateKey);
        var signer = _folder.File("apple/root.signer.pem");
        Assert.Contains("PRIVATE KEY", await File.ReadAllTextAsync(signer));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(signer));

        var rootBefore = await File.ReadAllTextAsync(root);
        var second = await LoadTester.RunAsync("store-notifications", "--root", root, "--authority-only");
        Assert.True(second.ExitCode == LoadTestApp.ExitOk, second.ToString());
        Assert.Contains("App Store authority reused", second.Output);
        Assert.Equal(rootBefore, await File.ReadAllTextAsync(root));
    }

    [Fact]
    public async Task A_root_file_without_its_signer_is_not_overwritten()
    {
        var root = _folder.File("foreign.pem");
        await File.WriteAllTextAsync(root, "someone else's root");
        var result = await LoadTester.RunAsync("store-notifications", "--root", root, "--authority-only");
        Assert.True(result.ExitCode == LoadTestApp.ExitRunFailed, result.ToString());
        Assert.Contains("is not an authority this load tester wrote", result.Error);
        Assert.Equal("someone else's root", await File.ReadAllTextAsync(root));
    }
}
