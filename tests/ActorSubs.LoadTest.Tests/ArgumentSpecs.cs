using System.Reflection;
using ActorSubs.LoadTest.Cli;
using ActorSubs.LoadTest.Scenarios;
using ActorSubs.LoadTest.Tests.Support;
using Spectre.Console.Cli;

namespace ActorSubs.LoadTest.Tests;

/// <summary>
/// The command line as a user types it, run through the Spectre.Console.Cli app: mistakes end with exit code 2 and a
/// message naming the mistake before anything is sent anywhere; each command's settings validation refuses bad values.
/// </summary>
public sealed class ArgumentSpecs
{
    public static TheoryData<string> ScenarioNames => [.. LoadTestApp.Commands.Select(c => c.Name)];

    /// <summary>Commands that load a node, and so take --target.</summary>
    public static TheoryData<string> TargetedScenarios =>
        [.. LoadTestApp.Commands.Where(c => c.Settings.IsAssignableTo(typeof(TargetSettings))).Select(c => c.Name)];

    /// <summary>Each command with each option whose value is a number (count or seconds).</summary>
    public static TheoryData<string, string> NumericOptions
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var command in LoadTestApp.Commands)
            foreach (var (name, _) in Options(command.Settings).Where(o => IsNumeric(o.Type)))
                data.Add(command.Name, name);
            return data;
        }
    }

    private static bool IsNumeric(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(double));

    private static IEnumerable<(string Name, Type Type)> Options(Type settings) =>
        settings.GetProperties()
            .Select(p => (Attribute: p.GetCustomAttribute<CommandOptionAttribute>(), p.PropertyType))
            .Where(o => o.Attribute is not null)
            .Select(o => ("--" + o.Attribute!.LongNames[0], o.PropertyType));

    private static Type SettingsOf(string command) => LoadTestApp.Commands.Single(c => c.Name == command).Settings;

    /// <summary>
    /// For a command that loads a node, a target where nothing listens: should an option be checked only after
    /// connecting, the run fails with exit 1 instead of touching a node that happens to run on the default port.
    /// </summary>
    private static string[] Offline(string command) =>
        SettingsOf(command).IsAssignableTo(typeof(TargetSettings)) ? ["--target", "http://127.0.0.1:9"] : [];

    [Fact]
    public async Task No_scenario_is_a_usage_error_listing_the_scenarios()
    {
        var result = await LoadTester.RunAsync();
        Assert.Equal(LoadTestApp.ExitUsage, result.ExitCode);
        Assert.Contains("error: no scenario given.", result.Error);
        foreach (var (name, summary, _, _) in LoadTestApp.Commands)
            Assert.Matches($@"\n +{name} +{System.Text.RegularExpressions.Regex.Escape(summary[..30])}", result.Output);
    }

    [Fact]
    public async Task An_unknown_scenario_is_named()
    {
        var result = await LoadTester.RunAsync("stampede", "--devices", "10");
        Assert.Equal(LoadTestApp.ExitUsage, result.ExitCode);
        Assert.Contains("error: Unknown command 'stampede'.", result.Error);
        Assert.Contains("--help' lists the scenarios", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Help_lists_every_scenario_and_exits_0()
    {
        var result = await LoadTester.RunAsync("--help");
        Assert.Equal(LoadTestApp.ExitOk, result.ExitCode);
        Assert.Contains("dotnet run -c Release --project src/ActorSubs.LoadTest --", result.Output);
        foreach (var command in LoadTestApp.Commands) Assert.Contains(command.Summary[..30], result.Output); // the rest may wrap
        Assert.Contains("exit codes: 0 completed", result.Output);
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task A_scenarios_help_lists_its_options_and_explains_it(string command)
    {
        var result = await LoadTester.RunAsync(command, "--help");
        Assert.Equal(LoadTestApp.ExitOk, result.ExitCode);
        Assert.Contains($"dotnet run -c Release --project src/ActorSubs.LoadTest -- {command} [OPTIONS]", result.Output);
        Assert.Contains(LoadTestApp.Commands.Single(c => c.Name == command).Details[..40], result.Output);
        foreach (var (name, _) in Options(SettingsOf(command))) Assert.Contains(name, result.Output);
    }

    [Fact]
    public async Task Help_shows_an_options_default()
    {
        var result = await LoadTester.RunAsync("connect-hold", "--help");
        Assert.Matches(@"--hold <SECONDS> +30 +how long the devices stay connected", result.Output);
        Assert.Matches(@"--duration <SECONDS> +300 ", result.Output);
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task An_unknown_option_is_refused(string command)
    {
        var result = await LoadTester.RunAsync(command, "--bogus", "1");
        AssertUsageError(result, "Unknown option 'bogus'.");
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task A_stray_word_is_refused(string command)
    {
        var result = await LoadTester.RunAsync(command, "fast");
        AssertUsageError(result, "fast");
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task An_option_without_its_value_is_refused(string command)
    {
        var option = Options(SettingsOf(command)).First(o => o.Type != typeof(bool)).Name;
        AssertUsageError(await LoadTester.RunAsync(command, option), $"option '{option}' needs a value.");

        var flag = Options(SettingsOf(command)).FirstOrDefault(o => o.Type == typeof(bool)).Name;
        if (flag is null) return;
        AssertUsageError(await LoadTester.RunAsync(command, option, flag), $"option '{option}' needs a value.");
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task An_option_given_twice_is_refused(string command)
    {
        var option = Options(SettingsOf(command)).First(o => o.Type != typeof(bool) && !o.Type.IsArray).Name;
        var result = await LoadTester.RunAsync(command, $"{option}=1", $"{option}=2");
        AssertUsageError(result, $"option '{option}' is given more than once.");
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public async Task A_bad_number_is_refused_naming_the_option(string command, string option)
    {
        var result = await LoadTester.RunAsync([command, .. Offline(command), option, "lots"]);
        AssertUsageError(result, $"{option}: 'lots' is not a");
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public async Task A_negative_number_is_refused_naming_the_option(string command, string option)
    {
        var result = await LoadTester.RunAsync([command, .. Offline(command), $"{option}=-5"]);
        AssertUsageError(result, $"{option}: -5 is out of range (allowed ");
    }

    [Fact]
    public async Task Seconds_may_be_fractions()
    {
        // Accepted by the parser and the validation; the run then fails on the missing node, not on the command line.
        var result = await LoadTester.RunAsync("renewal-churn", "--target", "http://127.0.0.1:9", "--purchase-delay", "0.3", "--duration", "1.5");
        Assert.True(result.ExitCode == LoadTestApp.ExitRunFailed, result.ToString());
    }

    [Theory]
    [MemberData(nameof(TargetedScenarios))]
    public async Task A_non_loopback_target_is_refused_without_allow_remote(string command)
    {
        // A name that can never resolve: were the refusal missing, nothing could be reached either.
        var result = await LoadTester.RunAsync(command, "--target", "http://loadtest-remote.invalid:5080");
        AssertUsageError(result,
            "--target: host 'loadtest-remote.invalid' is not a loopback address; pass --allow-remote to load a remote node.");
    }

    [Theory]
    [MemberData(nameof(TargetedScenarios))]
    public async Task A_target_that_is_not_an_http_url_is_refused(string command)
    {
        var result = await LoadTester.RunAsync(command, "--target", "127.0.0.1:5080");
        AssertUsageError(result, "--target: '127.0.0.1:5080' is not an http:// or https:// URL.");
    }

    [Fact]
    public void Targets_repeated_or_comma_separated_are_all_checked()
    {
        var settings = new ConnectHoldScenario.Settings { Target = ["http://127.0.0.1:5080,http://localhost:5081", "http://[::1]:5082"] };
        Assert.True(settings.Validate().Successful);
        Assert.Equal(["http://127.0.0.1:5080/", "http://localhost:5081/", "http://[::1]:5082/"], settings.Targets.Select(t => t.ToString()));

        var remote = new ConnectHoldScenario.Settings { Target = ["http://127.0.0.1:5080", "http://10.0.0.1:5080"] };
        Assert.Contains("host '10.0.0.1' is not a loopback address", remote.Validate().Message);
        Assert.True(new ConnectHoldScenario.Settings { Target = ["http://10.0.0.1:5080"], AllowRemote = true }.Validate().Successful);

        var byDefault = new ApiScenario.Settings();
        Assert.True(byDefault.Validate().Successful);
        Assert.Equal("http://127.0.0.1:5080", byDefault.TargetText);
        Assert.Equal("http://127.0.0.1:5080", byDefault.AsRun()["target"]);
    }

    [Fact]
    public void A_fleet_larger_than_max_devices_is_refused()
    {
        var storm = new ExpiryStormScenario.Settings { Accounts = 4_001, DevicesPerAccount = 5 };
        Assert.Contains("--accounts 4,001 × --devices-per-account 5 needs 20,005 WebSocket clients, more than --max-devices 20,000", storm.Validate().Message);
        Assert.True(new ExpiryStormScenario.Settings { Accounts = 4_001, DevicesPerAccount = 5, MaxDevices = 20_005 }.Validate().Successful);
        Assert.Contains("--pairs 10,001 (a device and a host each) needs 20,002", new RelayScenario.Settings { Pairs = 10_001 }.Validate().Message);
    }

    [Fact]
    public void The_settings_as_run_name_every_option_and_hide_the_operator_key()
    {
        var settings = new ConnectHoldScenario.Settings { Devices = 6, OperatorKey = "secret-operator-key", Fleet = "fleet.json" };
        Assert.True(settings.Validate().Successful);
        var asRun = settings.AsRun();
        Assert.Equal("6", asRun["devices"]);
        Assert.Equal("30", asRun["hold"]);
        Assert.Equal("300", asRun["duration"]);
        Assert.Equal("false", asRun["baseline"]);
        Assert.Equal("fleet.json", asRun["fleet"]);
        Assert.Equal("", asRun["node-pid"]);
        Assert.Equal("(given)", asRun["operator-key"]);
        Assert.DoesNotContain(asRun.Values, v => v.Contains("secret", StringComparison.Ordinal));
        Assert.Equal("(default)", new ConnectHoldScenario.Settings().AsRun()["operator-key"]);
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
        AssertUsageError(result, "--ceiling: PostgreSQL host 'db.invalid' is not a loopback address; pass --allow-remote to use it.");
    }

    [Fact]
    public async Task An_open_loop_longer_than_the_request_cap_is_refused()
    {
        var result = await LoadTester.RunAsync("signups", "--rate", "1000", "--duration", "10", "--max-requests", "5000");
        AssertUsageError(result, "--rate 1000 for 10 s is more than --max-requests 5000.");
    }

    [Fact]
    public async Task A_wrong_kill_signal_or_phase_is_refused()
    {
        AssertUsageError(await LoadTester.RunAsync("reconnect-storm", "--kill-signal", "hup"), "--kill-signal: 'hup' is not term or kill.");
        AssertUsageError(await LoadTester.RunAsync("wakeups", "--phase", "half"), "--phase: 'half' is not all, provision or watch.");
    }

    [Theory]
    [InlineData("connect-hold")]
    [InlineData("expiry-storm")]
    public async Task A_node_pid_must_be_an_actorsubs_node(string scenario)
    {
        // Process 1 (init, or a container's first process) is never a node.
        var result = await LoadTester.RunAsync(scenario, "--node-pid", "1");
        AssertUsageError(result, "--node-pid: process 1 is not an ActorSubs.Node");
    }

    [Fact]
    public async Task The_storm_settles_one_node_only()
    {
        var result = await LoadTester.RunAsync("expiry-storm", "--target", "http://127.0.0.1:5000,http://127.0.0.1:5001", "--node-pid", "1");
        AssertUsageError(result, "--node-pid goes with one --target only.");
    }

    [Fact]
    public async Task Report_needs_its_json()
    {
        var result = await LoadTester.RunAsync("report", "--png", "out.png");
        AssertUsageError(result, "Command 'report' is missing required option 'json'.");
    }

    [Fact]
    public async Task A_missing_node_is_a_failed_run_not_a_usage_error()
    {
        // Port 9 on loopback (discard): nothing listens there, so the readiness check fails at once.
        var result = await LoadTester.RunAsync("api", "--target", "http://127.0.0.1:9", "--duration", "1");
        Assert.Equal(LoadTestApp.ExitRunFailed, result.ExitCode);
        Assert.Contains("run failed: cannot reach http://127.0.0.1:9/", result.Error);
    }

    private static void AssertUsageError(CliResult result, string message)
    {
        Assert.True(result.ExitCode == LoadTestApp.ExitUsage, $"expected exit 2, got {result}");
        Assert.Contains("error: ", result.Error);
        Assert.Contains(message, result.Error);
        Assert.Contains("a scenario's options", result.Error);
        Assert.Equal("", result.Output);
    }
}
