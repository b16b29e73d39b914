using Alerts.Core.Storage;
using Azure.Data.Tables;

namespace Alerts.Core.Polling;

/// <summary>
/// Operator overrides of the catalog (enable or disable a source), kept in the <c>sources</c> table under their own
/// partition so a poll that rewrites a source's state never loses them. Applied over the catalog by the scheduler,
/// <c>alerts sources</c> and GET /api/sources.
/// </summary>
public sealed class SourceOverrides(AlertsStorage storage, TimeProvider time)
{
    private const string Partition = "override";

    private TableClient Table => storage.Table(StorageNames.Sources);

    public async Task SetEnabledAsync(string sourceId, bool enabled, CancellationToken cancellationToken = default)
    {
        var e = new TableEntity(Partition, TableKeys.Encode(sourceId))
        {
            ["SourceId"] = sourceId,
            ["Enabled"] = enabled,
            ["ChangedAt"] = time.GetUtcNow(),
        };
        await Table.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Source id -> enabled, for every source an operator overrode.</summary>
    public async Task<Dictionary<string, bool>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var map = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            if (e.GetBoolean("Enabled") is { } enabled)
            {
                map[e.GetString("SourceId") ?? TableKeys.Decode(e.RowKey)] = enabled;
            }
        }

        return map;
    }
}
