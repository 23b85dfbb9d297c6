using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary>
/// The command line of every scenario: mistakes end with exit code 2, a message naming the mistake and the
/// usage of the scenario (or of the program), before anything is sent anywhere.
/// </summary>
public sealed class ArgumentSpecs
{
    public static TheoryData<string> ScenarioNames => [.. LoadTestCli.Scenarios.Select(s => s.Name)];

    /// <summary>Scenarios that load a node, and so take --target.</summary>
    public static TheoryData<string> TargetedScenarios =>
        [.. LoadTestCli.Scenarios.Where(s => s.Options.Any(o => o.Name == "target")).Select(s => s.Name)];

    /// <summary>Each scenario with each option whose value is a number (count or seconds).</summary>
    public static TheoryData<string, string> NumericOptions
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var scenario in LoadTestCli.Scenarios)
            foreach (var option in scenario.Options.Where(IsNumeric))
                data.Add(scenario.Name, option.Name);
            return data;
        }
    }

    private static bool IsNumeric(OptionSpec o) => o.ValueName is "N" or "M" or "K" or "P" or "B" or "C" or "SECONDS" or "PER_SECOND" or "FRAMES_PER_SECOND";

    /// <summary>
    /// For a scenario that loads a node, a target where nothing listens: should an option be checked only after
    /// connecting, the run fails with exit 1 instead of touching a node that happens to run on the default port.
    /// </summary>
    private static string[] Offline(string scenario) =>
        LoadTestCli.Scenarios.Single(s => s.Name == scenario).Options.Any(o => o.Name == "target") ? ["--target", "http://127.0.0.1:9"] : [];

    [Fact]
    public async Task No_scenario_is_a_usage_error_listing_the_scenarios()
    {
        var result = await LoadTester.RunAsync();
        Assert.Equal(LoadTestCli.ExitUsage, result.ExitCode);
        Assert.Contains("error: no scenario given.", result.Error);
        Assert.Contains("usage: ", result.Error);
        foreach (var scenario in LoadTestCli.Scenarios) Assert.Contains($"  {scenario.Name}", result.Error);
    }

    [Fact]
    public async Task An_unknown_scenario_is_named_with_the_known_ones()
    {
        var result = await LoadTester.RunAsync("stampede", "--devices", "10");
        Assert.Equal(LoadTestCli.ExitUsage, result.ExitCode);
        Assert.Contains("unknown scenario 'stampede'", result.Error);
        Assert.Contains("known: " + string.Join(", ", LoadTestCli.Scenarios.Select(s => s.Name)), result.Error);
        Assert.Contains("<scenario> [options]", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Help_lists_every_scenario_and_exits_0()
    {
        var result = await LoadTester.RunAsync("--help");
        Assert.Equal(LoadTestCli.ExitOk, result.ExitCode);
        foreach (var scenario in LoadTestCli.Scenarios) Assert.Contains(scenario.Summary, result.Output);
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task A_scenarios_help_lists_its_options(string scenario)
    {
        var result = await LoadTester.RunAsync(scenario, "--help");
        Assert.Equal(LoadTestCli.ExitOk, result.ExitCode);
        Assert.Contains($"usage: dotnet run -c Release --project src/ActorSubs.LoadTest -- {scenario} [options]", result.Output);
        foreach (var option in LoadTestCli.Scenarios.Single(s => s.Name == scenario).Options)
            Assert.Contains(option.Synopsis, result.Output);
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task An_unknown_option_is_refused_with_the_scenarios_usage(string scenario)
    {
        var result = await LoadTester.RunAsync(scenario, "--bogus", "1");
        AssertUsageError(result, scenario, $"unknown option '--bogus' for '{scenario}'.");
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task A_stray_word_is_refused(string scenario)
    {
        var result = await LoadTester.RunAsync(scenario, "fast");
        AssertUsageError(result, scenario, "unexpected argument 'fast' (options start with --).");
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task An_option_without_its_value_is_refused(string scenario)
    {
        var option = LoadTestCli.Scenarios.Single(s => s.Name == scenario).Options.First(o => !o.IsFlag);
        var atTheEnd = await LoadTester.RunAsync(scenario, $"--{option.Name}");
        AssertUsageError(atTheEnd, scenario, $"option '--{option.Name}' needs a value ({option.ValueName}).");

        var flag = LoadTestCli.Scenarios.Single(s => s.Name == scenario).Options.FirstOrDefault(o => o.IsFlag);
        if (flag is null) return;
        var beforeAnother = await LoadTester.RunAsync(scenario, $"--{option.Name}", $"--{flag.Name}");
        AssertUsageError(beforeAnother, scenario, $"option '--{option.Name}' needs a value ({option.ValueName}).");
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task An_option_given_twice_is_refused(string scenario)
    {
        var option = LoadTestCli.Scenarios.Single(s => s.Name == scenario).Options.First(o => o is { IsFlag: false, Repeatable: false });
        var result = await LoadTester.RunAsync(scenario, $"--{option.Name}=1", $"--{option.Name}=2");
        AssertUsageError(result, scenario, $"option '--{option.Name}' is given more than once.");
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public async Task A_bad_number_is_refused_naming_the_option(string scenario, string option)
    {
        var result = await LoadTester.RunAsync([scenario, .. Offline(scenario), $"--{option}", "lots"]);
        AssertUsageError(result, scenario, $"--{option}: 'lots' is not a");
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public async Task A_negative_number_is_refused(string scenario, string option)
    {
        var result = await LoadTester.RunAsync([scenario, .. Offline(scenario), $"--{option}=-5"]);
        Assert.Equal(LoadTestCli.ExitUsage, result.ExitCode);
        Assert.Contains($"error: --{option}: ", result.Error);
    }

    [Theory]
    [MemberData(nameof(TargetedScenarios))]
    public async Task A_non_loopback_target_is_refused_without_allow_remote(string scenario)
    {
        // A name that can never resolve: were the refusal missing, nothing could be reached either.
        var result = await LoadTester.RunAsync(scenario, "--target", "http://loadtest-remote.invalid:5080");
        AssertUsageError(result, scenario,
            "--target: host 'loadtest-remote.invalid' is not a loopback address; pass --allow-remote to load a remote node.");
    }

    [Theory]
    [MemberData(nameof(TargetedScenarios))]
    public async Task A_target_that_is_not_an_http_url_is_refused(string scenario)
    {
        var result = await LoadTester.RunAsync(scenario, "--target", "127.0.0.1:5080");
        AssertUsageError(result, scenario, "--target: '127.0.0.1:5080' is not an http:// or https:// URL.");
    }

    [Fact]
    public void Loopback_hosts_are_the_loopback_range_and_localhost()
    {
        Assert.True(Loopback.IsLoopbackHost("127.0.0.1"));
        Assert.True(Loopback.IsLoopbackHost("127.8.9.10"));
        Assert.True(Loopback.IsLoopbackHost("[::1]"));
        Assert.True(Loopback.IsLoopbackHost("LOCALHOST"));
        Assert.False(Loopback.IsLoopbackHost("10.0.0.1"));
        Assert.False(Loopback.IsLoopbackHost("192.168.1.1"));
        Assert.False(Loopback.IsLoopbackHost("example.invalid"));
    }

    [Fact]
    public async Task Api_refuses_a_remote_postgres_ceiling_without_allow_remote()
    {
        var result = await LoadTester.RunAsync("api", "--ceiling", "postgres:Host=db.invalid;Database=x");
        Assert.Equal(LoadTestCli.ExitUsage, result.ExitCode);
        Assert.Contains("--allow-remote", result.Error);
    }

    [Fact]
    public async Task Report_needs_its_json()
    {
        var result = await LoadTester.RunAsync("report", "--png", "out.png");
        AssertUsageError(result, "report", "--json PATH is required");
    }

    [Fact]
    public async Task A_missing_node_is_a_failed_run_not_a_usage_error()
    {
        // Port 9 on loopback (discard): nothing listens there, so the readiness check fails at once.
        var result = await LoadTester.RunAsync("api", "--target", "http://127.0.0.1:9", "--duration", "1");
        Assert.Equal(LoadTestCli.ExitRunFailed, result.ExitCode);
        Assert.Contains("run failed: cannot reach http://127.0.0.1:9/", result.Error);
    }

    private static void AssertUsageError(CliResult result, string scenario, string message)
    {
        Assert.True(result.ExitCode == LoadTestCli.ExitUsage, $"expected exit 2 for {scenario}, got {result}");
        Assert.Contains($"error: {message}", result.Error);
        Assert.Contains($"usage: dotnet run -c Release --project src/ActorSubs.LoadTest -- {scenario} [options]", result.Error);
        Assert.Contains("exit codes: 0 completed", result.Error);
    }
}
