using ActorSubs.Cluster.Payments;
using ActorSubs.Domain;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Payments;

/// <summary>
/// <c>ActorSubs:Payments:Provider=Http</c>: each channel's renewals go to its provider's charge API
/// (<see cref="ProviderChargeContract"/>) through a named HttpClient (<see cref="PaymentsRegistration"/>), created per
/// charge as IHttpClientFactory intends: the factory pools and renews the connections beneath short-lived clients.
/// Whatever keeps the provider's verdict from arriving (no connection, the timeout) is a technical failure, never an
/// exception the account would have to read.
/// </summary>
public sealed class HttpPaymentChannels(IHttpClientFactory clients, IOptions<PaymentOptions> options) : IPaymentChannels
{
    /// <summary>The named clients, also the providers' names in the reasons an operator reads.</summary>
    public const string Cleverbridge = "Cleverbridge", GooglePlay = "Google Play";

    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellation) => request.Channel switch
    {
        Channel.Web => ChargeAsync(Cleverbridge, options.Value.Cleverbridge.ApiKey, request, cancellation),
        Channel.GooglePlay => ChargeAsync(GooglePlay, options.Value.GooglePlay.AccessToken, request, cancellation),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Channel, "Apple charges App Store subscriptions; the account never does."),
    };

    private async Task<ChargeResult> ChargeAsync(string provider, string? credential, ChargeRequest charge, CancellationToken cancellation)
    {
        var http = clients.CreateClient(provider);
        using var request = ProviderChargeContract.Request(charge, credential);
        try
        {
            using var response = await http.SendAsync(request, cancellation);
            return await ProviderChargeContract.ReadAsync(response, provider, cancellation);
        }
        catch (HttpRequestException e)
        {
            return ChargeResult.Failed($"{provider} could not be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return ChargeResult.Failed($"{provider} did not answer within {http.Timeout}");
        }
    }
}
