using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ActorSubs.Cluster.Payments;
using ActorSubs.Domain;

namespace ActorSubs.Node.Payments;

/// <summary>
/// The charge API every HTTP payment provider is reached through, all of it here (described for operators in
/// docs/configuration.md, "The provider charge API"):
/// <code>
/// POST {BaseUrl}charges
/// Authorization: Bearer {credential}
/// Idempotency-Key: {key}            the same key for every try of one charge: the provider bills it once
/// {"accountId":"alice","channel":"web","plan":"annual","attempt":1}
///
/// 2xx {"transactionId":"cb-123"}     charged
/// 402 {"reason":"card expired"}      declined: the customer's problem, uses up an R9 attempt
/// anything else                      a technical failure: retried with the same key (R9, R14 in docs/rules.md)
/// </code>
/// </summary>
public static class ProviderChargeContract
{
    public const string ChargePath = "charges";

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The only answer that declines a charge; its body's <c>reason</c> is optional.</summary>
    public const HttpStatusCode DeclinedStatus = HttpStatusCode.PaymentRequired;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpRequestMessage Request(ChargeRequest charge, string? credential)
    {
        var body = new ChargeBody(charge.AccountId, WireNames.Of(charge.Channel), WireNames.Of(charge.Plan), charge.Attempt);
        var request = new HttpRequestMessage(HttpMethod.Post, ChargePath) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        request.Headers.Add(IdempotencyKeyHeader, charge.IdempotencyKey);
        return request;
    }

    /// <summary>Reads an answer; <paramref name="provider"/> names it in reasons an operator reads (never the credential).</summary>
    public static async Task<ChargeResult> ReadAsync(HttpResponseMessage response, string provider, CancellationToken cancellation)
    {
        if (response.StatusCode == DeclinedStatus)
        {
            var declined = await TryReadAsync<DeclinedAnswer>(response, cancellation);
            return ChargeResult.Declined(string.IsNullOrWhiteSpace(declined?.Reason) ? $"{provider} declined the charge" : declined.Reason);
        }
        if (!response.IsSuccessStatusCode)
            return ChargeResult.Failed($"{provider} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        var charged = await TryReadAsync<ChargedAnswer>(response, cancellation);
        return string.IsNullOrWhiteSpace(charged?.TransactionId)
            ? ChargeResult.Failed($"{provider} answered {(int)response.StatusCode} without a transactionId")
            : ChargeResult.Charged(charged.TransactionId);
    }

    private static async Task<T?> TryReadAsync<T>(HttpResponseMessage response, CancellationToken cancellation) where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellation);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null; // not JSON, or not this shape: the caller decides what a missing answer means
        }
    }
}

/// <summary>What a charge asks the provider for.</summary>
public sealed record ChargeBody(string AccountId, string Channel, string Plan, int Attempt);

/// <summary>A 2xx answer: the provider's transaction id, the R14 id of the renewal.</summary>
public sealed record ChargedAnswer(string? TransactionId);

/// <summary>A 402 answer: why the provider refused.</summary>
public sealed record DeclinedAnswer(string? Reason);
