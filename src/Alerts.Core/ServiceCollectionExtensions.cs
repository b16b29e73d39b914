using System.Net;
using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Access;
using Alerts.Core.Detection;
using Alerts.Core.Polling;
using Alerts.Core.Sources;
using Alerts.Core.Sources.FederalRegister;
using Alerts.Core.Sources.Feeds;
using Alerts.Core.Storage;
using Alerts.Core.Watchlists;
using Alerts.Core.Webhooks;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alerts.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers everything: options (validated at start), storage clients, sources, detection, change log, dispatch and the API handlers.</summary>
    public static IServiceCollection AddAlertsCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertsOptions>()
            .Bind(configuration.GetSection(AlertsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AlertsOptions>>().Value;
            var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            if (!string.IsNullOrEmpty(o.StorageAccountName))
            {
                var credential = new DefaultAzureCredential();
                var name = o.StorageAccountName;
                return new AlertsStorage(
                    new TableServiceClient(new Uri($"https://{name}.table.core.windows.net"), credential),
                    new QueueServiceClient(new Uri($"https://{name}.queue.core.windows.net"), credential, queueOptions),
                    new BlobServiceClient(new Uri($"https://{name}.blob.core.windows.net"), credential),
                    o.StoragePrefix);
            }

            return new AlertsStorage(
                new TableServiceClient(o.StorageConnectionString),
                new QueueServiceClient(o.StorageConnectionString, queueOptions),
                new BlobServiceClient(o.StorageConnectionString),
                o.StoragePrefix);
        });

        services.AddHttpClient(SourcePoller.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

        services.AddSingleton<SourceCatalog>();
        services.AddSingleton<ISourceAdapter, FederalRegisterSource>();
        services.AddSingleton<ISourceAdapter, PublicInspectionSource>();
        services.AddFeedAndPageSources();
        services.AddOfficialSources(configuration);
        services.AddSingleton<SourceStateStore>();
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<StoryIndex>();
        services.AddSingleton<ChangeLogStore>();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<ChangeLogVerifier>();
        services.AddSingleton<ChangeQueryService>();
        services.AddOptions<ClassifierOptions>().Bind(configuration.GetSection(ClassifierOptions.SectionName));
        services.TryAddSingleton<IChangeClassifier, DictionaryClassifier>();
        services.AddSingleton<QueueSender>();
        services.AddSingleton<SourceRegistry>();
        services.AddSingleton<SourceAdministration>();
        services.AddSingleton<SourcePoller>();
        services.AddSingleton<ChangeBuilder>();
        services.AddSingleton<ChangeRecorder>();
        services.AddSingleton<SourceHealthTracker>();
        services.AddSingleton<PollService>();
        services.AddSingleton<PollScheduler>();
        services.AddSingleton<DispatchService>();
        services.AddEmailAlerts(configuration);

        services.AddSingleton<ContinuationTokens>();
        services.AddSingleton<ChangesApi>();
        services.AddSingleton<HealthApi>();
        services.TryAddSingleton<IApiKeyAuthenticator, NoKeysAuthenticator>();
        services.AddAccessControl(configuration);
        services.AddSingleton(new ApiRouteTable(ApiRoutes.All));
        services.AddSingleton<ApiHandlers>();
        services.AddTeamAlerts(configuration);
        services.AddWatchlists(configuration);
        return services;
    }
}
