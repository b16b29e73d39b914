using System.Globalization;
using Alerts.Core.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Delivery;

/// <summary>
/// The team channels' rows of the shared <c>deliveries</c> table: PartitionKey = change id, RowKey = "&lt;channel&gt;:&lt;target id&gt;".
/// A delivery id is "&lt;change id&gt;.&lt;target id&gt;" (target ids start with wh_ or gh_, change ids hold no dot).
/// </summary>
public sealed partial class DeliveryLedger(AlertsStorage storage, ILogger<DeliveryLedger> logger)
{
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

    /// <summary>Creates the delivery unless it exists. Returns the stored one and whether it was created now.</summary>
    public async Task<(DeliveryRecord Record, bool Created)> CreateAsync(DeliveryRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            var e = ToEntity(record);
            var r = await Table.AddEntityAsync(e, cancellationToken);
            return (record with { ETag = r.Headers.ETag ?? default }, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return ((await GetAsync(record.ChangeId, record.Channel, record.TargetId, cancellationToken))!, false);
        }
    }

    /// <summary>
    /// Creates the deliveries of one change (one partition) in transactions of 100; a transaction that meets an existing
    /// row falls back to one by one. Returns the deliveries to enqueue: those created now and those still never attempted.
    /// </summary>
    public async Task<List<DeliveryRecord>> CreateManyAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken cancellationToken = default)
    {
        var toSend = new List<DeliveryRecord>();
        foreach (var chunk in records.Chunk(100))
        {
            if (chunk.Select(r => r.ChangeId).Distinct(StringComparer.Ordinal).Count() != 1)
            {
                throw new ArgumentException("A transaction holds the deliveries of one change.", nameof(records));
            }

            try
            {
                await Table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(r))), cancellationToken);
                toSend.AddRange(chunk);
                continue;
            }
            catch (TableTransactionFailedException)
            {
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }

            foreach (var r in chunk)
            {
                var (stored, created) = await CreateAsync(r, cancellationToken);
                if (created || (stored.Status == DeliveryStatus.Pending && stored.Attempts == 0))
                {
                    toSend.Add(stored);
                }
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
                ? (null, $"delivery is {delivery.Status} after {delivery.Attempts} attempts; message is for attempt {message.Attempt}")
                : (delivery, null);
    }

    public async Task<DeliveryRecord?> GetAsync(string changeId, string channel, string targetId, CancellationToken cancellationToken = default)
    {
        var r = await Table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(changeId), Row(channel, targetId), cancellationToken: cancellationToken);
        return r.HasValue ? FromEntity(r.Value!) : null;
    }

    /// <summary>
    /// Partition of the dead-delivery index: one row per dead delivery (RowKey = encoded delivery id), so health counts
    /// them with one partition query instead of a table scan. Change ids start with "chg_", so no delivery partition is this one.
    /// </summary>
    public const string DeadPartition = "!dead";

    /// <summary>Replaces the delivery if nobody changed it since it was read; false when someone did (412).</summary>
    public async Task<bool> TryUpdateAsync(DeliveryRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await Table.UpdateEntityAsync(ToEntity(record), record.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
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

    private static TableEntity ToEntity(DeliveryRecord r) => new(TableKeys.Encode(r.ChangeId), Row(r.Channel, r.TargetId))
    {
        ["ChangeId"] = r.ChangeId,
        ["Channel"] = r.Channel,
        ["TargetId"] = r.TargetId,
        ["TeamId"] = r.TeamId,
        ["Status"] = r.Status,
        ["Attempts"] = r.Attempts,
        ["ScheduleBase"] = r.ScheduleBase,
        ["CreatedAt"] = r.CreatedAt,
        ["LastAttemptAt"] = r.LastAttemptAt,
        ["NextAttemptAt"] = r.NextAttemptAt,
        ["DeliveredAt"] = r.DeliveredAt,
        ["LastStatusCode"] = r.LastStatusCode,
        ["LastError"] = EntityText.Error(r.LastError),
        ["IssueNumber"] = r.IssueNumber,
        ["IssueUrl"] = r.IssueUrl,
    };

    private static DeliveryRecord FromEntity(TableEntity e) => new()
    {
        ChangeId = e.GetString("ChangeId") ?? TableKeys.Decode(e.PartitionKey),
        Channel = e.GetString("Channel") ?? "",
        TargetId = e.GetString("TargetId") ?? "",
        TeamId = e.GetString("TeamId") ?? "",
        Status = e.GetString("Status") ?? DeliveryStatus.Pending,
        Attempts = e.GetInt32("Attempts") ?? 0,
        ScheduleBase = e.GetInt32("ScheduleBase") ?? 0,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        LastAttemptAt = e.GetDateTimeOffset("LastAttemptAt"),
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        DeliveredAt = e.GetDateTimeOffset("DeliveredAt"),
        LastStatusCode = e.GetInt32("LastStatusCode"),
        LastError = e.GetString("LastError"),
        IssueNumber = e.GetInt32("IssueNumber"),
        IssueUrl = e.GetString("IssueUrl"),
        ETag = e.ETag,
    };

    internal static string Ticks(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
