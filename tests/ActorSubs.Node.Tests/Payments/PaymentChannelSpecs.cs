using System.Diagnostics;
using ActorSubs.Cluster.Payments;
using ActorSubs.Domain;
using ActorSubs.Node.Configuration;
using ActorSubs.Node.Payments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Tests.Payments;

/// <summary>
/// The payment channels as the node registers them (<see cref="OptionsRegistration"/>, <see cref="PaymentsRegistration"/>)
/// from configuration, charging a fake provider over real loopback HTTP: what each answer of the charge contract becomes.
/// </summary>
public sealed class PaymentChannelSpecs : IAsyncLifetime
{
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(3); // generous: a loaded machine is slow to a first request
    private static readonly ChargeRequest WebCharge = new("alice", Channel.Web, Plan.Annual, 1, "alice-20270302093000-1");

    private FakeChargeProvider _provider = null!;

    public async Task InitializeAsync() => _provider = await FakeChargeProvider.StartAsync();

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    private static ServiceProvider Node(IDictionary<string, string?> settings, string environment = "Production") =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddActorSubsOptions(new HostingEnvironment { EnvironmentName = environment })
            .AddPaymentChannels()
            .BuildServiceProvider();

    private async Task<ChargeResult> ChargeAsync(ChargeRequest charge)
    {
        await using var node = Node(_provider.NodeSettings(ProviderTimeout));
        return await node.GetRequiredService<IPaymentChannels>().ChargeAsync(charge, CancellationToken.None);
    }

    [Fact]
    public async Task A_web_charge_goes_to_Cleverbridge_with_its_key_the_idempotency_key_and_the_contract_body_and_is_charged()
    {
        var result = await ChargeAsync(WebCharge);

        Assert.Equal(ChargeOutcome.Charged, result.Outcome);
        var received = Assert.Single(_provider.Received);
        Assert.Equal("/cleverbridge/charges", received.Path);
        Assert.Equal(WebCharge.IdempotencyKey, received.IdempotencyKey);
        Assert.Equal($"Bearer {FakeChargeProvider.CleverbridgeApiKey}", received.Authorization);
        Assert.Equal("""{"accountId":"alice","channel":"web","plan":"annual","attempt":1}""", received.Body!.ToJsonString());
        Assert.Equal(WebCharge.IdempotencyKey, Assert.Single(_provider.BilledKeys));
        Assert.StartsWith("tx-", result.TransactionId);
    }

    [Fact]
    public async Task A_google_play_charge_goes_to_Google_Play_with_its_access_token()
    {
        var result = await ChargeAsync(WebCharge with { Channel = Channel.GooglePlay, Plan = Plan.Monthly });

        Assert.Equal(ChargeOutcome.Charged, result.Outcome);
        var received = Assert.Single(_provider.Received);
        Assert.Equal("/google-play/charges", received.Path);
        Assert.Equal($"Bearer {FakeChargeProvider.GooglePlayAccessToken}", received.Authorization);
        Assert.Equal("google-play", received.Body!["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_402_is_a_decline_with_the_provider_reason()
    {
        _provider.Script(WebCharge.AccountId, ProviderAnswer.Decline);

        var result = await ChargeAsync(WebCharge);

        Assert.Equal(ChargeResult.Declined("card expired"), result);
        Assert.Empty(_provider.BilledKeys);
    }

    [Theory]
    [InlineData(ProviderAnswer.ServerError, "Cleverbridge answered 500")]
    [InlineData(ProviderAnswer.Garbage, "Cleverbridge answered 200 without a transactionId")]
    [InlineData(ProviderAnswer.Hang, "Cleverbridge did not answer within 00:00:03")]
    public async Task An_error_status_an_unreadable_answer_or_no_answer_in_time_is_a_technical_failure(ProviderAnswer answer, string reason)
    {
        _provider.Script(WebCharge.AccountId, answer);
        var watch = Stopwatch.StartNew();

        var result = await ChargeAsync(WebCharge);

        Assert.Equal(ChargeOutcome.Failed, result.Outcome);
        Assert.StartsWith(reason, result.Reason);
        Assert.DoesNotContain(FakeChargeProvider.CleverbridgeApiKey, result.Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}: the timeout did not end the charge");
    }

    [Fact]
    public async Task A_provider_that_refuses_the_connection_is_a_technical_failure()
    {
        var settings = _provider.NodeSettings(ProviderTimeout);
        settings["ActorSubs:Payments:Cleverbridge:BaseUrl"] = $"http://127.0.0.1:{FreePorts.Take()}/";
        using var node = Node(settings);

        var result = await node.GetRequiredService<IPaymentChannels>().ChargeAsync(WebCharge, CancellationToken.None);

        Assert.Equal(ChargeOutcome.Failed, result.Outcome);
        Assert.StartsWith("Cleverbridge could not be reached", result.Reason);
    }

    [Fact]
    public void Outside_Development_a_node_without_a_provider_is_refused_naming_the_key()
    {
        using var node = Node(new Dictionary<string, string?>());

        var error = Assert.Throws<OptionsValidationException>(() => node.GetRequiredService<IOptions<PaymentOptions>>().Value);

        Assert.Contains("ActorSubs:Payments:Provider is required outside Development", error.Message);
    }

    [Fact]
    public void In_Development_the_simulated_channels_are_the_default()
    {
        using var node = Node(new Dictionary<string, string?>(), Environments.Development);

        Assert.IsType<SimulatedPaymentChannels>(node.GetRequiredService<IPaymentChannels>());
    }

    [Fact]
    public void The_bound_options_never_print_a_provider_credential()
    {
        using var node = Node(_provider.NodeSettings(ProviderTimeout));

        var printed = node.GetRequiredService<IOptions<PaymentOptions>>().Value.ToString();

        Assert.Contains(_provider.CleverbridgeUrl, printed);
        Assert.DoesNotContain(FakeChargeProvider.CleverbridgeApiKey, printed);
        Assert.DoesNotContain(FakeChargeProvider.GooglePlayAccessToken, printed);
    }

    [Fact]
    public void The_Http_provider_without_its_providers_settings_is_refused_naming_each_missing_key()
    {
        using var node = Node(new Dictionary<string, string?> { ["ActorSubs:Payments:Provider"] = "Http" });

        var error = Assert.Throws<OptionsValidationException>(() => node.GetRequiredService<IOptions<PaymentOptions>>().Value);

        Assert.Contains("ActorSubs:Payments:Cleverbridge:BaseUrl must be an absolute http or https URL", error.Message);
        Assert.Contains("ActorSubs:Payments:Cleverbridge:ApiKey is required when Provider is Http", error.Message);
        Assert.Contains("ActorSubs:Payments:GooglePlay:BaseUrl must be an absolute http or https URL", error.Message);
        Assert.Contains("ActorSubs:Payments:GooglePlay:AccessToken is required when Provider is Http", error.Message);
    }
}
