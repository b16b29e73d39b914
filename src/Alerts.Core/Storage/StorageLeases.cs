namespace Alerts.Core.Storage;

/// <summary>
/// Limits that must hold across every instance of a scaled-out app (one poll per source, N requests in flight per
/// webhook endpoint) as leases on rows of the <c>leases</c> table: a scope is one partition, each of its N slots one row
/// holding an expiry time. A slot is taken by inserting its row, or by replacing an expired row under its ETag, so two
/// instances can never both take it; a holder that dies leaves a row that expires after the lease's duration. Expiry
/// is judged by the taker's clock (instances' clocks are kept in sync by the platform; the durations are minutes, not
/// milliseconds). Table rows rather than blob leases because blob leases expire on the storage service's clock only
/// (15 to 60 s or never), which no test can move, and an expired lease must be provably taken over.
/// </summary>
public sealed class StorageLeases(AlertsStorage storage, TimeProvider time, ILogger<StorageLease> logger)
{
    internal const string LeasedUntilColumn = "LeasedUntil";

    /// <summary>The most slots a scope may have (one partition query reads them all).</summary>
    public const int MaxSlots = 100;

    private TableClient Table => storage.Table(StorageNames.Leases);

    /// <summary>
    /// Takes one free slot of <paramref name="scope"/> (at most <paramref name="slots"/> holders at a time across every
    /// instance) for <paramref name="duration"/>, renewed while held; null when every slot is held (nothing is changed).
    /// </summary>
    public async Task<StorageLease?> TryAcquireAsync(string scope, int slots, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slots, MaxSlots);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromSeconds(3));

        var partition = TableKeys.Encode(scope);
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
        {
            rows[e.RowKey] = e;
        }

        var now = time.GetUtcNow();
        var start = Random.Shared.Next(slots); // spread the takers over the slots
        for (var i = 0; i < slots; i++)
        {
            var row = Slot((start + i) % slots);
            var lease = new TableEntity(partition, row) { [LeasedUntilColumn] = now + duration };
            try
            {
                Response response;
                if (rows.TryGetValue(row, out var existing))
                {
                    if (existing.GetDateTimeOffset(LeasedUntilColumn) is { } until && until > now)
                    {
                        continue;
                    }

                    response = await Table.UpdateEntityAsync(lease, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    response = await Table.AddEntityAsync(lease, cancellationToken);
                }

                return new StorageLease(Table, partition, row, response.Headers.ETag ?? default, now + duration, duration, time, logger);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                // Another instance took this slot between the read and the write: try the next one.
            }
        }

        return null;
    }

    /// <summary>Slots held now in <paramref name="scope"/> (not expired).</summary>
    public async Task<int> HeldAsync(string scope, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.Encode(scope);
        var now = time.GetUtcNow();
        var held = 0;
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
        {
            held += e.GetDateTimeOffset(LeasedUntilColumn) is { } until && until > now ? 1 : 0;
        }

        return held;
    }

    private static string Slot(int i) => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}
