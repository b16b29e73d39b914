using Alerts.Core.Delivery;
using SendGrid;

namespace Alerts.Core.Email;

public static class EmailServiceCollectionExtensions
{
    public const string HttpClientName = "sendgrid";

    /// <summary>
    /// E-mail alerts: SendGrid options (validated at start when enabled), the SendGrid client on an IHttpClientFactory client at
    /// Alerts:SendGrid:BaseUrl, subscriptions, digests, the "email" dispatch target and delivery channel, the event webhook.
    /// </summary>
    public static IServiceCollection AddEmailAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<SendGridOptions>(configuration, SendGridOptions.SectionName);

        // No retry handler here: 429, 5xx and time-outs are retried through the deliver queue (EmailChannel), and a
        // retried mail/send could deliver a batch twice.
        services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<ISendGridClient>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SendGridOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new SendGridClient(http, new SendGridClientOptions { ApiKey = o.ApiKey ?? "not-configured", Host = o.BaseUrl.TrimEnd('/') });
        });

        // Subscriber links carry their token in the query string (RFC 8058 needs it in the List-Unsubscribe URI), and
        // ASP.NET Core's request-start log writes the whole URL at Information: keep those lines out of the logs.
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));

        services.AddSingleton<SubscriberStore>();
        services.AddSingleton<SubscriberTokens>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<SubscriptionsApi>();
        services.AddSingleton<DigestService>();
        services.AddSingleton<IHousekeeping, DigestRetention>();
        services.AddSingleton<EmailRenderer>();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<EmailDeliveryStore>();
        services.AddSingleton<SendGridEventsApi>();
        services.AddSingleton<IDispatchTarget, EmailDispatchTarget>();
        services.AddSingleton<IDeliveryChannel, EmailChannel>();
        return services;
    }
}
