namespace Alerts.Core.Polling;

public static class PollingServiceCollectionExtensions
{
    /// <summary>The poll pipeline, the source registry, health and operator alerts, and the sources API.</summary>
    public static IServiceCollection AddPolling(this IServiceCollection services)
    {
        services.AddHttpClient(SourcePoller.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton<SourceStateStore>();
        services.AddSingleton<SourceOverrides>();
        services.AddSingleton<SourceRegistry>();
        services.AddSingleton<SourceAdministration>();
        services.AddSingleton<SourcePoller>();
        services.AddSingleton<ChangeBuilder>();
        services.AddSingleton<ChangeRecorder>();
        services.AddSingleton<OperatorAlerts>();
        services.AddSingleton<SourceHealthTracker>();
        services.AddSingleton<PollService>();
        services.AddSingleton<PollScheduler>();
        services.AddSingleton<SourcesApi>();
        return services;
    }
}
