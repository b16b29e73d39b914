using System.Runtime.CompilerServices;

namespace Alerts.Core.Delivery;

/// <summary>
/// The shared <c>deliveries</c> table and every operation on its rows; no other type reaches the table. PartitionKey =
/// change id; each channel names its own rows within a change. A delivery to one target (<see cref="DeliveryRecord"/>,
/// webhooks and GitHub issues) is the row "&lt;channel&gt;:&lt;target id&gt;" with the channel's own columns kept as they are
/// (<see cref="DeliveryRecord.Data"/>); channels with rows of another shape (e-mail's recipients and batches) build them and
/// store them through the row operations here. A delivery id is "&lt;change id&gt;.&lt;target id&gt;" (target ids start with
/// wh_ or gh_, change ids hold no dot).
/// </summary>
public sealed partial class DeliveryLedger(AlertsStorage storage, ILogger<DeliveryLedger> logger)
{
    /// <summary>Rows per transaction (the service's limit).</summary>
    private const int TransactionRows = 100;

    private TableClient Table => storage.Table(StorageNames.Deliveries);

    public static string DeliveryId(string changeId, string targetId) => changeId + "." + targetId;

    public static bool TryParseId(string deliveryId, out string changeId, out string targetId)
    {
        var dot = deliveryId.LastIndexOf('.');
        changeId = dot > 0 ? deliveryId[..dot] : "";
        targetId = dot > 0 ? deliveryId[(dot + 1)..] : "";
        return dot > 0 && dot < deliveryId.Length - 1 && deliveryId.Length <= 300;
    }

    public static string Row(string channel, string targetId) => channel + ":" + targetId;

    /// <summary>The PartitionKey of a change's rows.</summary>
    public static string Partition(string changeId) => TableKeys.Encode(changeId);

    /// <summary>Creates the row unless it exists: its ETag, or null when a row with its keys was there already (409).</summary>
    public async Task<ETag?> TryAddAsync(TableEntity row, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await Table.AddEntityAsync(row, cancellationToken)).Headers.ETag ?? default;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates rows unless they exist, <see cref="TransactionRows"/> per transaction (each transaction's rows of one change); a
    /// transaction that meets an existing row falls back to one by one. Returns, for each row, whether it was created now.
    /// </summary>
    public async Task<bool[]> TryAddManyAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var created = new bool[rows.Count];
        for (var start = 0; start < rows.Count; start += TransactionRows)
        {
            var chunk = rows.Skip(start).Take(TransactionRows).ToList();
            OnePartition(chunk, nameof(rows));
            try
            {
                await Table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), cancellationToken);
                Array.Fill(created, true, start, chunk.Count);
                continue;
            }
            catch (TableTransactionFailedException)
            {
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }

            for (var i = 0; i < chunk.Count; i++)
            {
                created[start + i] = await TryAddAsync(chunk[i], cancellationToken) is not null;
            }
        }

        return created;
    }

    public async Task<TableEntity?> GetRowAsync(string changeId, string rowKey, CancellationToken cancellationToken = default)
    {
        var r = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(changeId), rowKey, cancellationToken: cancellationToken);
        return r.HasValue ? r.Value : null;
    }

    /// <summary>
    /// The rows of a change from <paramref name="fromRow"/> (included) to <paramref name="toRow"/> (excluded), narrowed by
    /// <paramref name="where"/> (a parameterised filter such as <c>$"Batch eq {n}"</c>) when given.
    /// </summary>
    public async IAsyncEnumerable<TableEntity> RowsAsync(string changeId, string fromRow, string toRow, FormattableString? where = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(changeId)} and RowKey ge {fromRow} and RowKey lt {toRow}");
        if (where is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter(where);
        }

        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return e;
        }
    }

    /// <summary>Replaces or merges the row if nobody changed it since it was read (<paramref name="ifMatch"/>); its new ETag. 412 otherwise.</summary>
    public async Task<ETag> UpdateRowAsync(TableEntity row, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken = default) =>
        (await Table.UpdateEntityAsync(row, ifMatch, mode, cancellationToken)).Headers.ETag ?? ifMatch;

    /// <summary>As <see cref="UpdateRowAsync"/>, but null instead of a 412 when someone changed the row since it was read.</summary>
    public async Task<ETag?> TryUpdateRowAsync(TableEntity row, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken = default)
    {
        try
        {
            return await UpdateRowAsync(row, ifMatch, mode, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    /// <summary>Merges rows into what is stored (creating the missing ones), <see cref="TransactionRows"/> per transaction, four transactions at a time.</summary>
    public Task UpsertManyAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken = default) =>
        Parallel.ForEachAsync(rows.Chunk(TransactionRows), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            OnePartition(chunk, nameof(rows));
            await Table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertMerge, r)), ct);
        });

    private static void OnePartition(IReadOnlyCollection<TableEntity> chunk, string parameter)
    {
        if (chunk.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new ArgumentException("A transaction holds the rows of one change.", parameter);
        }
    }

    /// <summary>Creates the delivery unless it exists. Returns the stored one and whether it was created now.</summary>
    public async Task<(DeliveryRecord Record, bool Created)> CreateAsync(DeliveryRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return await TryAddAsync(ToEntity(record), cancellationToken) is { } etag
            ? (record with { ETag = etag }, true)
            : ((await GetAsync(record.ChangeId, record.Channel, record.TargetId, cancellationToken))!, false);
    }

    /// <summary>
    /// Creates the deliveries of one change (one partition) in transactions of 100; a transaction that meets an existing
    /// row falls back to one by one. Returns the deliveries to enqueue: those created now and those still never attempted.
    /// </summary>
    public async Task<List<DeliveryRecord>> CreateManyAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var created = await TryAddManyAsync([.. records.Select(ToEntity)], cancellationToken);
        var toSend = new List<DeliveryRecord>();
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (created[i])
            {
                toSend.Add(r);
            }
            else if (await GetAsync(r.ChangeId, r.Channel, r.TargetId, cancellationToken) is { Status: DeliveryStatus.Pending, Attempts: 0 } stored)
            {
                toSend.Add(stored);
            }
        }

        return toSend;
    }

    /// <summary>
    /// The delivery a deliver message is for, when it is pending and waits for exactly this attempt; otherwise null and why
    /// the message is to be ignored (a malformed id, no such delivery, done already, or a duplicate of another attempt).
    /// </summary>
    public async Task<(DeliveryRecord? Delivery, string? Ignored)> PendingForAsync(DeliverMessage message, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!TryParseId(message.DeliveryId, out var changeId, out var targetId))
        {
            return (null, "malformed delivery id");
        }

        var delivery = await GetAsync(changeId, channel, targetId, cancellationToken);
        return delivery is null ? (null, "no such delivery")
            : delivery.Status != DeliveryStatus.Pending || delivery.Attempts != message.Attempt - 1
                ? (null, $"delivery is {delivery.Status.ToWire()} after {delivery.Attempts} attempts; message is for attempt {message.Attempt}")
                : (delivery, null);
    }

    public async Task<DeliveryRecord?> GetAsync(string changeId, string channel, string targetId, CancellationToken cancellationToken = default) =>
        await GetRowAsync(changeId, Row(channel, targetId), cancellationToken) is { } e ? FromEntity(e) : null;

    /// <summary>
    /// Partition of the dead-delivery index: one row per dead delivery (RowKey = encoded delivery id), so health counts
    /// them with one partition query instead of a table scan. Change ids start with "chg_", so no delivery partition is this one.
    /// </summary>
    public const string DeadPartition = "!dead";

    /// <summary>Replaces the delivery if nobody changed it since it was read; false when someone did (412).</summary>
    public async Task<bool> TryUpdateAsync(DeliveryRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (await TryUpdateRowAsync(ToEntity(record), record.ETag, TableUpdateMode.Replace, cancellationToken) is null)
        {
            return false;
        }

        // The index follows the record (upsert and delete are idempotent); only a redelivery (ScheduleBase > 0) can bring a dead one back.
        if (record.Status == DeliveryStatus.Dead)
        {
            await Table.UpsertEntityAsync(
                new TableEntity(DeadPartition, TableKeys.Encode(record.Id)) { ["Channel"] = record.Channel, ["DeadAt"] = record.LastAttemptAt },
                TableUpdateMode.Replace,
                cancellationToken);
            LogDead(logger, record.Id, record.Channel, record.Attempts, record.LastError);
        }
        else if (record.ScheduleBase > 0)
        {
            try
            {
                await Table.DeleteEntityAsync(DeadPartition, TableKeys.Encode(record.Id), ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }

        return true;
    }

    // The alert rule "dead-delivery" (infra/modules/alerts.bicep) matches this line's start.
    [LoggerMessage(Level = LogLevel.Error, Message = "DEAD DELIVERY {DeliveryId} on {Channel} after {Attempts} attempts: {Reason}")]
    private static partial void LogDead(ILogger logger, string deliveryId, string channel, int attempts, string? reason);

    /// <summary>Dead deliveries of the team channels, counted up to <paramref name="cap"/> from the index partition.</summary>
    public async Task<int> CountDeadAsync(int cap = 10_000, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var _ in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {DeadPartition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++count >= cap)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>The ledger's own columns of a delivery row; every other column is the channel's (<see cref="DeliveryRecord.Data"/>).</summary>
    private static readonly HashSet<string> LedgerColumns = new(StringComparer.Ordinal)
    {
        "PartitionKey", "RowKey", "Timestamp", "odata.etag",
        "ChangeId", "Channel", "TargetId", "TeamId", "Status", "Attempts", "ScheduleBase",
        "CreatedAt", "LastAttemptAt", "NextAttemptAt", "DeliveredAt", "LastStatusCode", "LastError",
    };

    private static TableEntity ToEntity(DeliveryRecord r) => WithChannelData(r, new(Partition(r.ChangeId), Row(r.Channel, r.TargetId))
    {
        ["ChangeId"] = r.ChangeId,
        ["Channel"] = r.Channel,
        ["TargetId"] = r.TargetId,
        ["TeamId"] = r.TeamId,
        ["Status"] = r.Status.ToWire(),
        ["Attempts"] = r.Attempts,
        ["ScheduleBase"] = r.ScheduleBase,
        ["CreatedAt"] = r.CreatedAt,
        ["LastAttemptAt"] = r.LastAttemptAt,
        ["NextAttemptAt"] = r.NextAttemptAt,
        ["DeliveredAt"] = r.DeliveredAt,
        ["LastStatusCode"] = r.LastStatusCode,
        ["LastError"] = EntityText.Error(r.LastError),
    });

    private static TableEntity WithChannelData(DeliveryRecord record, TableEntity e)
    {
        foreach (var (column, value) in record.Data)
        {
            if (LedgerColumns.Contains(column))
            {
                throw new ArgumentException($"'{column}' is a column of the ledger itself, not a channel's.", nameof(record));
            }

            e[column] = value;
        }

        return e;
    }

    private static DeliveryRecord FromEntity(TableEntity e) => new()
    {
        ChangeId = e.GetString("ChangeId") ?? TableKeys.Decode(e.PartitionKey),
        Channel = e.GetString("Channel") ?? "",
        TargetId = e.GetString("TargetId") ?? "",
        TeamId = e.GetString("TeamId") ?? "",
        Status = e.GetWord("Status", DeliveryStatus.Pending, "Delivery"),
        Attempts = e.GetInt32("Attempts") ?? 0,
        ScheduleBase = e.GetInt32("ScheduleBase") ?? 0,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        LastAttemptAt = e.GetDateTimeOffset("LastAttemptAt"),
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        DeliveredAt = e.GetDateTimeOffset("DeliveredAt"),
        LastStatusCode = e.GetInt32("LastStatusCode"),
        LastError = e.GetString("LastError"),
        Data = e.Where(kv => !LedgerColumns.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal),
        ETag = e.ETag,
    };

    internal static string Ticks(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
