using ActorSubs.Cluster.Payments;

namespace ActorSubs.Node.Payments;

/// <summary>
/// A typed HttpClient for one provider's charge API (<see cref="ProviderChargeContract"/>). Its base address and timeout
/// come from the provider's settings (<see cref="PaymentsRegistration"/>). Whatever keeps the provider's verdict from
/// arriving (no connection, the timeout) is a technical failure, never an exception the account would have to read.
/// </summary>
public abstract class ProviderChargeClient(HttpClient http, string provider, string? credential)
{
    public async Task<ChargeResult> ChargeAsync(ChargeRequest charge, CancellationToken cancellation)
    {
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
