using Alerts.Core.Access;
using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Detection;
using Alerts.Core.Email;
using Alerts.Core.GitHub;
using Alerts.Core.Health;
using Alerts.Core.Polling;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Alerts.Core.Watchlists;
using Alerts.Core.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alerts.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>The composition root: the service's options (validated at start), then each folder's own registrations, then the route table.</summary>
    public static IServiceCollection AddAlertsCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertsOptions>()
            .BindSettings(configuration, AlertsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        SecretSettings.AddSecretChecks(services);

        services.TryAddSingleton(TimeProvider.System);
        services.AddStorage();
        services.AddSingleton<JobRuns>();
        services.AddSources(configuration);
        services.AddDetection(configuration);
        services.AddChangeLog(configuration);
        services.AddPolling();
        services.AddSingleton<HealthApi>();
        services.AddSingleton<DispatchService>();
        services.AddEmailAlerts(configuration);
        services.TryAddSingleton<IApiKeyAuthenticator, NoKeysAuthenticator>();
        services.AddAccessControl(configuration);
        services.AddTeamAlerts(configuration);
        services.AddGitHub(configuration);
        services.AddWatchlists(configuration);
        services.AddSingleton(new ApiRouteTable(ApiRoutes.All));
        services.AddSingleton<ApiHandlers>();
        return services;
    }
}
