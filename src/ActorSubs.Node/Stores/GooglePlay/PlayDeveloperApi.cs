using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ActorSubs.Node.Stores.GooglePlay;

/// <summary>
/// Reads a subscription's state from the Google Play Developer API (<c>purchases.subscriptionsv2.get</c>), as Google
/// requires: a notification only says that something changed. A failure to read it is technical
/// (<see cref="PlayDeveloperApiUnavailableException"/>): the push is answered with an error so that Pub/Sub retries it.
/// </summary>
public sealed class PlayDeveloperApi(HttpClient http, Uri baseUrl, string accessToken, string packageName)
{
    public async Task<SubscriptionPurchaseV2> GetSubscriptionAsync(string purchaseToken, CancellationToken cancellation)
    {
        var uri = new Uri(baseUrl, $"androidpublisher/v3/applications/{Uri.EscapeDataString(packageName)}/purchases/subscriptionsv2/tokens/{Uri.EscapeDataString(purchaseToken)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        HttpResponseMessage response;
        try { response = await http.SendAsync(request, cancellation); }
        catch (HttpRequestException e) { throw new PlayDeveloperApiUnavailableException($"The Play Developer API could not be reached: {e.Message}", e); }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new PlayDeveloperApiUnavailableException("The Play Developer API did not answer in time.", e);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw StoreVerificationException.Untrusted(
                    "Google Play does not know this purchase token: the notification did not come from Google Play.");
            if (!response.IsSuccessStatusCode)
                throw new PlayDeveloperApiUnavailableException($"The Play Developer API answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            try
            {
                // System.Net.Http.Json reads with the web defaults (camelCase, case-insensitive).
                return await response.Content.ReadFromJsonAsync<SubscriptionPurchaseV2>(cancellation)
                       ?? throw new PlayDeveloperApiUnavailableException("The Play Developer API answered an empty body.");
            }
            catch (JsonException e)
            {
                throw new PlayDeveloperApiUnavailableException($"The Play Developer API answered a body that is not a subscription: {e.Message}", e);
            }
        }
    }
}

/// <summary>The Play Developer API could not be read: not the store's verdict, a reason to try again later.</summary>
public sealed class PlayDeveloperApiUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary><c>SubscriptionPurchaseV2</c>, with the fields this service reads.</summary>
public sealed record SubscriptionPurchaseV2(
    string? SubscriptionState,
    string? LatestOrderId,
    DateTimeOffset? StartTime,
    ExternalAccountIdentifiers? ExternalAccountIdentifiers,
    IReadOnlyList<SubscriptionLineItem>? LineItems);

public sealed record ExternalAccountIdentifiers(string? ObfuscatedExternalAccountId);

public sealed record SubscriptionLineItem(string? ProductId, DateTimeOffset? ExpiryTime, AutoRenewingPlan? AutoRenewingPlan);

public sealed record AutoRenewingPlan(bool? AutoRenewEnabled);
