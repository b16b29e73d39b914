using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Alerts.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The storage clients (a connection string locally, the managed identity in Azure) and the queue sender.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
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
        services.AddSingleton<QueueSender>();
        services.AddSingleton<QueueOperations>();
        services.AddSingleton<RateLimits>();
        services.AddSingleton<StorageLeases>();
        return services;
    }
}
