namespace Alerts.Core.Storage;

/// <summary>
/// Fixed-window request counters kept in the <c>ratelimits</c> table, so a limit holds across every instance of a scaled-out
/// app. A window is one partition (<c>name|window start</c>), a key one row (its SHA-256: no address is stored); a counter
/// is raised with optimistic concurrency. Windows that have ended are deleted by the first request of a later window on each
/// instance, so the table holds about one window of rows per limit.
/// </summary>
public sealed class RateLimits(AlertsStorage storage, TimeProvider time)
{
    /// <summary>Each round of a contended counter lets at least one request through, so this many rounds serve as many racing requests.</summary>
    private const int MaxTries = 32;
    private readonly Dictionary<string, long> _pruned = [];

    private TableClient Table => storage.Table(StorageNames.RateLimits);

    /// <summary>Takes one permit for <paramref name="key"/>: null when allowed, else how long until the window ends (the Retry-After).</summary>
    public async Task<TimeSpan?> TryTakeAsync(RateLimit limit, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var now = time.GetUtcNow();
        var windowTicks = limit.Window.Ticks;
        var start = now.UtcTicks / windowTicks * windowTicks;
        var partition = Partition(limit.Name, start);
        var row = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        await PruneEndedAsync(limit.Name, start, cancellationToken);
        var retryAfter = new DateTimeOffset(start + windowTicks, TimeSpan.Zero) - now;
        for (var attempt = 0; attempt < MaxTries; attempt++)
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!found.HasValue)
                {
                    await Table.AddEntityAsync(new TableEntity(partition, row) { ["Count"] = 1 }, cancellationToken);
                    return null;
                }

                var count = found.Value!.GetInt32("Count") ?? 0;
                if (count >= limit.Permits)
                {
                    return retryAfter;
                }

                found.Value["Count"] = count + 1;
                await Table.UpdateEntityAsync(found.Value, found.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another request counted at the same moment: read again.
            }
        }

        return retryAfter; // contended beyond reason: refuse rather than count wrong
    }

    private static string Partition(string name, long windowStartTicks) =>
        name + "|" + windowStartTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Deletes the rows of this limit's ended windows, once per window and instance: a range query over ended partitions only.</summary>
    private async Task PruneEndedAsync(string name, long start, CancellationToken cancellationToken)
    {
        lock (_pruned)
        {
            if (_pruned.TryGetValue(name, out var last) && last >= start)
            {
                return;
            }

            _pruned[name] = start;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {name + "|"} and PartitionKey lt {Partition(name, start)}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            try
            {
                await Table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Another instance pruned it first.
            }
        }
    }
}
