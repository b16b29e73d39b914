using Alerts.Core.Access;
using Alerts.Core.ChangeLog;
using Alerts.Core.Deadlines;
using Alerts.Core.Delivery;
using Alerts.Core.Detection;
using Alerts.Core.Email;
using Alerts.Core.GitHub;
using Alerts.Core.Health;
using Alerts.Core.Polling;
using Alerts.Core.Sources;
using Alerts.Core.Watchlists;
using Alerts.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alerts.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>The composition root: the service's options (validated at start), then each folder's own registrations, then the route table.</summary>
    public static IServiceCollection AddAlertsCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<AlertsOptions>(configuration, AlertsOptions.SectionName);
        SecretSettings.AddSecretChecks(services);

        services.TryAddSingleton(TimeProvider.System);
        // The default HttpClient loggers keep every request header's raw value (Authorization: the GitHub token, SendGrid's
        // key) in their structured state, which structured sinks (OpenTelemetry, Application Insights) export whatever the
        // message redacts; our own telemetry records each request with its address cut. Off for every client.
        services.ConfigureHttpClientDefaults(b => b.RemoveAllLoggers());
        services.AddStorage();
        services.AddSingleton<JobRuns>();
        services.AddSources(configuration);
        services.AddDetection(configuration);
        services.AddChangeLog(configuration);
        services.AddPolling();
        services.AddSingleton<HealthApi>();
        services.AddSingleton<ReminderStore>();
        services.AddSingleton<IHousekeeping, ReminderRetention>();
        services.AddSingleton<MatchAlertStore>();
        services.AddSingleton<DeliveryChanges>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<DispatchService>();
        services.AddEmailAlerts(configuration);
        services.TryAddSingleton<IApiKeyAuthenticator, NoKeysAuthenticator>();
        services.AddAccessControl(configuration);
        services.AddTeamAlerts(configuration);
        services.AddGitHub(configuration);
        services.AddWatchlists(configuration);
        services.AddDeadlines(configuration);
        services.AddSingleton<TeamWatchedItems>(sp => (team, ct) => WatchedItemsAsync(sp, team, ct));
        services.AddSingleton(new ApiRouteTable(ApiRoutes.All));
        services.AddSingleton<ApiHandlers>();
        return services;
    }

    /// <summary>The documents a team's watchlists matched ("source id \n item key"), for its calendar.</summary>
    private static async Task<IReadOnlySet<string>> WatchedItemsAsync(IServiceProvider services, string teamId, CancellationToken cancellationToken)
    {
        var matches = services.GetRequiredService<WatchlistMatchStore>();
        var items = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in await services.GetRequiredService<WatchlistStore>().ListForTeamAsync(teamId, cancellationToken))
        {
            items.UnionWith((await matches.ListAsync(list.Id, 10_000, cancellationToken)).Select(m => m.SourceId + "\n" + m.ItemKey));
        }

        return items;
    }
}
