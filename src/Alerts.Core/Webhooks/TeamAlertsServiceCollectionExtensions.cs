using Alerts.Core.Delivery;
using Alerts.Core.GitHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Webhooks;

public static class TeamAlertsServiceCollectionExtensions
{
    /// <summary>Team webhooks and GitHub issues: options, SSRF guard, stores, dispatch targets, delivery channels, API handlers.</summary>
    public static IServiceCollection AddTeamAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .BindSettings(configuration, WebhookOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<GitHubIssuesOptions>()
            .BindSettings(configuration, GitHubIssuesOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.BaseUrl is not { Length: > 0 } b || (Uri.TryCreate(b, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                "Alerts:GitHub:BaseUrl must be an absolute http or https URL, like https://github.example.com.")
            .ValidateOnStart();

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
        services.AddHttpClient(GitHubChannel.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        services.AddSingleton<WebhookStore>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<TeamNotices>();
        services.AddSingleton<GitHubTargetStore>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookChannel>();
        services.AddSingleton<GitHubChannel>();
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<WebhookChannel>());
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<GitHubChannel>());
        services.AddSingleton<IDispatchTarget, WebhookDispatchTarget>();
        services.AddSingleton<IDispatchTarget, GitHubDispatchTarget>();
        services.AddSingleton<WebhooksApi>();
        services.AddSingleton<GitHubTargetsApi>();
        return services;
    }
}
