using Alerts.Core.ChangeLog;

namespace Alerts.Core.Delivery;

/// <summary>
/// The <c>matchalerts</c> table, one partition: RowKey = alert id for the alert, inserted once before its dispatch is
/// enqueued (so a re-dispatched change or a second host never creates an alert twice), and "p:&lt;id&gt;" while its dispatch
/// is pending, written in the same transaction and deleted when the dispatch is done. The reconciler and health read only
/// that range, whatever the number of alerts ever sent, and treat a pending alert as a pending change
/// (<see cref="IPendingDispatches"/>): re-enqueued at most once per 30 minutes, given up (dead, with its reason) after three.
/// </summary>
public sealed class MatchAlertStore(AlertsStorage storage) : IPendingDispatches
{
    private const string Partition = "m";
    private const string IndexedMarker = "!indexed";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private volatile bool indexed;

    private TableClient Table => storage.Table(StorageNames.MatchAlerts);

    private static string PendingRow(string id) => "p:" + id;

    /// <summary>Inserts the alert and its pending row unless the alert exists; true when inserted now.</summary>
    public async Task<bool> TryAddAsync(MatchAlert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var e = new TableEntity(Partition, alert.Id) { ["CreatedAt"] = alert.CreatedAt, ["Dispatched"] = false, ["ChangeId"] = alert.ChangeId };
        EntityText.Write(e, "Alert", JsonSerializer.Serialize(alert with { DispatchedAt = null }, Json));
        try
        {
            await Table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, e),
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition, PendingRow(alert.Id)) { ["Since"] = alert.CreatedAt }),
                ],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<MatchAlert?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var e = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return e.HasValue ? FromEntity(e.Value!) : null;
    }

    /// <summary>Marks the alert dispatched, then drops its pending row (a crash in between leaves it pending: dispatched again, once per target).</summary>
    public async Task MarkDispatchedAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await Table.UpdateEntityAsync(new TableEntity(Partition, id) { ["Dispatched"] = true, ["DispatchedAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        try
        {
            await Table.DeleteEntityAsync(Partition, PendingRow(id), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    /// <summary>Every alert whose dispatch is not done (given up ones included, with their reason): the pending range only.</summary>
    public async IAsyncEnumerable<PendingDispatch> PendingDispatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await IndexOlderAlertsAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"p:"} and RowKey lt {"p;"}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new PendingDispatch(e.RowKey[2..], e.GetDateTimeOffset("Since") ?? DateTimeOffset.MinValue, e.GetInt32("Requeued") ?? 0,
                e.GetDateTimeOffset("RequeuedAt"), e.GetString("DeadReason") is { Length: > 0 } reason ? reason : null);
        }
    }

    public Task<bool> MarkRequeuedAsync(string id, int count, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        MergePendingAsync(new TableEntity(Partition, PendingRow(id)) { ["Requeued"] = count, ["RequeuedAt"] = at }, cancellationToken);

    public Task<bool> MarkDispatchDeadAsync(string id, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        MergePendingAsync(new TableEntity(Partition, PendingRow(id)) { ["DeadReason"] = reason, ["DeadAt"] = at }, cancellationToken);

    /// <summary>Merges into the pending row while it exists: false when the dispatch is done (the row is gone).</summary>
    private async Task<bool> MergePendingAsync(TableEntity values, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(values, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Once per table: alerts stored before the pending rows existed get theirs (the one read of the whole partition),
    /// then a marker row says it is done.
    /// </summary>
    private async Task IndexOlderAlertsAsync(CancellationToken cancellationToken)
    {
        if (indexed || (await Table.GetEntityIfExistsAsync<TableEntity>(Partition, IndexedMarker, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue)
        {
            indexed = true;
            return;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Dispatched eq {false}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["RowKey", "CreatedAt"], cancellationToken: cancellationToken))
        {
            if (MatchAlert.IsId(e.RowKey))
            {
                var pending = new TableEntity(Partition, PendingRow(e.RowKey)) { ["Since"] = e.GetDateTimeOffset("CreatedAt") };
                await Table.UpsertEntityAsync(pending, TableUpdateMode.Merge, cancellationToken);
            }
        }

        await Table.UpsertEntityAsync(new TableEntity(Partition, IndexedMarker), TableUpdateMode.Replace, cancellationToken);
        indexed = true;
    }

    private static MatchAlert? FromEntity(TableEntity e) =>
        JsonSerializer.Deserialize<MatchAlert>(EntityText.Read(e, "Alert") ?? "null", Json) is { } a
            ? a with { DispatchedAt = e.GetDateTimeOffset("DispatchedAt") }
            : null;
}
