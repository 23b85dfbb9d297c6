using ActorSubs.Cluster.Payments;
using Microsoft.Extensions.Options;

namespace ActorSubs.Node.Payments;

public static class PaymentsRegistration
{
    /// <summary>
    /// The payment channels the accounts charge through, as <c>ActorSubs:Payments:Provider</c> chooses (validated at
    /// start: no provider outside Development stops the node). The account entities resolve <see cref="IPaymentChannels"/>.
    /// </summary>
    public static IServiceCollection AddPaymentChannels(this IServiceCollection services)
    {
        services.AddHttpClient(HttpPaymentChannels.Cleverbridge, (provider, http) => Configure(http, OptionsOf(provider).Cleverbridge));
        services.AddHttpClient(HttpPaymentChannels.GooglePlay, (provider, http) => Configure(http, OptionsOf(provider).GooglePlay));
        services.AddSingleton<IPaymentChannels>(provider => OptionsOf(provider) switch
        {
            { Provider: PaymentProvider.Http } => ActivatorUtilities.CreateInstance<HttpPaymentChannels>(provider),
            { Provider: PaymentProvider.Simulated } options => new SimulatedPaymentChannels(options.Simulated),
            _ => throw new InvalidOperationException($"{PaymentOptions.Section}:Provider is not set."), // refused at start already
        });
        return services;
    }

    private static PaymentOptions OptionsOf(IServiceProvider provider) => provider.GetRequiredService<IOptions<PaymentOptions>>().Value;

    private static void Configure(HttpClient http, HttpChannelOptions channel)
    {
        // A trailing slash, so that a base URL with a path keeps it: "https://x/billing" + "charges" is ".../billing/charges".
        http.BaseAddress = new Uri(channel.BaseUrl!.EndsWith('/') ? channel.BaseUrl : channel.BaseUrl + "/");
        http.Timeout = channel.Timeout;
    }
}
