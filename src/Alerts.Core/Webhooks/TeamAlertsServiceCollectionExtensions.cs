using Alerts.Core.Delivery;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alerts.Core.Webhooks;

public static class TeamAlertsServiceCollectionExtensions
{
    /// <summary>Team webhooks (GitHub issues: GitHub/AddGitHub): options, SSRF guard, stores, dispatch targets, delivery channels, API handlers.</summary>
    public static IServiceCollection AddTeamAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<WebhookOptions>(configuration, WebhookOptions.SectionName);

        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<SsrfGuard>();
        // No request logging: endpoint URLs can hold secrets in their path (Slack and Teams incoming webhooks do).
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<SsrfGuard>().ConnectAsync,
                ConnectTimeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                MaxResponseHeadersLength = 64,
            });

        services.AddSingleton<WebhookStore>();
        services.AddSingleton<TeamNotices>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookChannel>();
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<WebhookChannel>());
        services.AddSingleton<IDispatchTarget, WebhookDispatchTarget>();
        services.AddSingleton<IHousekeeping, WebhookAttemptRetention>();
        services.AddSingleton<WebhooksApi>();
        return services;
    }
}
