using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Alerts.Core.Storage;

/// <summary>The storage account: tables, queues and blobs, named with the install's prefix. Registered as a singleton.</summary>
public sealed class AlertsStorage(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, string prefix)
{
    private readonly ConcurrentDictionary<string, TableClient> _tables = new();
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new();

    public string Prefix => prefix;

    public TableServiceClient TableService => tables;

    public TableClient Table(string name) => _tables.GetOrAdd(name, n => tables.GetTableClient(prefix + n));

    public QueueClient Queue(string name) => _queues.GetOrAdd(name, n => queues.GetQueueClient(QueueName(prefix, n)));

    public BlobContainerClient Container(string name) => blobs.GetBlobContainerClient(QueueName(prefix, name));

    /// <summary>Queue (and container) names allow lower-case letters, digits and dashes.</summary>
    public static string QueueName(string prefix, string name) => prefix.Length == 0 ? name : prefix + "-" + name;

    /// <summary>Creates every table, queue and container that does not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(StorageNames.AllTables.Select(t => Table(t).CreateIfNotExistsAsync(cancellationToken)));
        await Task.WhenAll(StorageNames.AllQueues.Concat(StorageNames.AllQueues.Select(StorageNames.Poison))
            .Select(q => Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Container(StorageNames.EvidenceContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Deletes everything this prefix owns (tests).</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(StorageNames.AllTables.Select(t => Table(t).DeleteAsync(cancellationToken)));
        await Task.WhenAll(StorageNames.AllQueues.Concat(StorageNames.AllQueues.Select(StorageNames.Poison))
            .Select(q => Queue(q).DeleteIfExistsAsync(cancellationToken)));
        await Container(StorageNames.EvidenceContainer).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }
}
