using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ActorSubs.Node.Tests.Support;

namespace ActorSubs.Node.Tests.Payments;

/// <summary>
/// R9 (docs/rules.md) through the HTTP payment channels: a real node (<c>ActorSubs:Payments:Provider=Http</c>) charges auto-renewals at a
/// fake provider on loopback. A decline uses up an attempt; a provider error or a timeout does not: the same charge is
/// made again, with the same idempotency key, until the provider gives its verdict.
/// </summary>
public sealed class RenewalThroughProviderSpecs : IAsyncLifetime
{
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private FakeChargeProvider _provider = null!;
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeChargeProvider.StartAsync();
        var settings = _provider.NodeSettings(ProviderTimeout);
        settings["ActorSubs:Payments:RetryInitialDelay"] = "00:00:00.200";
        settings["ActorSubs:Payments:RetryMaxDelay"] = "00:00:01";
        settings["ActorSubs:Subscriptions:RenewalRetryInterval"] = "00:00:01";
        settings["ActorSubs:Subscriptions:BillingGrace"] = "01:00:00";
        _node = await TestNode.StartAsync(_database, settings);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _provider.DisposeAsync();
        _database.Dispose();
    }

    /// <summary>A monthly web subscription with auto-renew on, an offline device (so what devices are told is kept), due in a second.</summary>
    private async Task<(TestAccount Account, DateTimeOffset ExpiresAt)> DueForRenewalAsync(string prefix)
    {
        var account = await TestAccount.SignUpAsync(_node, prefix);
        await account.PurchaseAsync("monthly", "web");
        await account.SetAutoRenewAsync(true);
        await account.AddDeviceAsync("phone", "android");
        return (account, TestAccount.Ms(DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    private static string KeyOf(TestAccount account, DateTimeOffset expiresAt, int attempt) =>
        $"{account.Id}-{expiresAt.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}-{attempt}";

    private static async Task<string[]> KindsAsync(TestAccount account) =>
        (await account.NotificationsAsync())["notifications"]!.AsArray().Select(n => n.Text("kind")).ToArray();

    private Task<JsonNode> RenewedAsync(TestAccount account, DateTimeOffset expiresAt) =>
        Eventually.AsyncValue(account.GetAsync, view => view.Text("subscription.expiresAt") != TestAccount.Wire(expiresAt), Within,
            "the renewal moving the expiry");

    private async Task<double> TechnicalFailuresAsync(string channel)
    {
        using var client = _node.Client(bearer: null);
        var metrics = await client.GetStringAsync("/metrics");
        var line = Regex.Match(metrics, $@"^actorsubs_payment_technical_failures_total\{{channel=""{channel}""\}} (\S+)$", RegexOptions.Multiline);
        Assert.True(line.Success, "no actorsubs_payment_technical_failures_total series for " + channel);
        return double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_charge_the_provider_accepts_extends_the_subscription_by_its_period()
    {
        var (account, expiresAt) = await DueForRenewalAsync("http-charged");
        using var _ = account;

        await account.AdjustExpiryAsync(expiresAt);

        var view = await RenewedAsync(account, expiresAt);
        Assert.Equal(TestAccount.Wire(expiresAt.AddMonths(1)), view.Text("subscription.expiresAt"));
        Assert.Equal("active", view.Text("subscription.status"));
        var charge = Assert.Single(_provider.ReceivedFor(account.Id));
        Assert.Equal(KeyOf(account, expiresAt, 1), charge.IdempotencyKey);
        Assert.Contains("renewed", await KindsAsync(account));
    }

    [Fact]
    public async Task A_decline_uses_up_the_attempt_tells_the_devices_and_the_next_attempt_is_a_new_charge()
    {
        var (account, expiresAt) = await DueForRenewalAsync("http-declined");
        using var _ = account;
        _provider.Script(account.Id, ProviderAnswer.Decline);

        await account.AdjustExpiryAsync(expiresAt);

        var failed = await Eventually.AsyncValue(account.NotificationsAsync,
            n => n["notifications"]!.AsArray().Any(x => x.Text("kind") == "renewal-failed"), Within, "renewal-failed");
        var notice = failed["notifications"]!.AsArray().First(x => x.Text("kind") == "renewal-failed");
        Assert.Equal("1", notice.Text("data.attempt"));
        Assert.Equal("grace", (await account.GetAsync()).Text("subscription.status"));
        // RenewalRetryInterval later, attempt 2: a different charge, so a different key.
        var charges = await Eventually.AsyncValue(() => Task.FromResult(_provider.ReceivedFor(account.Id)), c => c.Count >= 2, Within,
            "the second attempt");
        Assert.Equal([KeyOf(account, expiresAt, 1), KeyOf(account, expiresAt, 2)], charges.Take(2).Select(c => c.IdempotencyKey));
        Assert.DoesNotContain(_provider.BilledKeys, k => k.StartsWith(account.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_error_and_a_timeout_are_retried_with_the_same_key_and_bill_once_without_a_decline()
    {
        var (account, expiresAt) = await DueForRenewalAsync("http-flaky");
        using var _ = account;
        _provider.Script(account.Id, ProviderAnswer.Charge, ProviderAnswer.ServerError, ProviderAnswer.Hang);
        var failuresBefore = await TechnicalFailuresAsync("web");

        await account.AdjustExpiryAsync(expiresAt);

        var view = await RenewedAsync(account, expiresAt);
        Assert.Equal(TestAccount.Wire(expiresAt.AddMonths(1)), view.Text("subscription.expiresAt"));
        var charges = _provider.ReceivedFor(account.Id);
        Assert.Equal([ProviderAnswer.ServerError, ProviderAnswer.Hang, ProviderAnswer.Charge], charges.Select(c => c.Answer));
        Assert.Equal([KeyOf(account, expiresAt, 1)], charges.Select(c => c.IdempotencyKey).Distinct());
        Assert.Equal([KeyOf(account, expiresAt, 1)], _provider.BilledKeys.Where(k => k.StartsWith(account.Id, StringComparison.Ordinal)));
        // Not a decline: no attempt used up, nothing written that says so, no device told.
        var kinds = await KindsAsync(account);
        Assert.Contains("renewed", kinds);
        Assert.DoesNotContain("renewal-failed", kinds);
        Assert.Empty(await new JournalReader(_database).EventsAsync(JournalFacts.AccountPersistenceId(account.Id), "rd"));
        Assert.Equal(2, await TechnicalFailuresAsync("web") - failuresBefore);
    }
}
