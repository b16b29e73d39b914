namespace Alerts.Core.Delivery;

/// <summary>
/// The <c>reminders</c> table (partition "r", RowKey = reminder id): a row is inserted once, before its dispatch is
/// enqueued, so a rerun or a second host never creates a reminder twice; <see cref="Reminder.DispatchedAt"/> is set when
/// its dispatch is done, and one still pending is re-enqueued. Partition <see cref="DatePartition"/> indexes the reminders
/// by date (RowKey "yyyy-MM-dd|&lt;id&gt;", written before the reminder), so the reminders kept past
/// <see cref="Retention"/> after their date are found by one key-range read and deleted (<see cref="ReminderRetention"/>).
/// </summary>
public sealed class ReminderStore(AlertsStorage storage)
{
    private const string Partition = "r";

    /// <summary>The index of reminders by date.</summary>
    public const string DatePartition = "bydate";

    /// <summary>A reminder is kept this long after its date, then deleted by the Reconcile job.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>Index rows one Reconcile run expires at most; a bigger backlog goes on at the next run.</summary>
    public const int MaxExpiredPerRun = 500;

    private const string MetaPartition = "meta";
    private const string IndexedMarker = "indexed-by-date";

    private TableClient Table => storage.Table(StorageNames.Reminders);

    private static string DateRow(DateOnly date, string id) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "|" + id;

    /// <summary>Inserts the reminder unless one with its id exists; true when inserted now.</summary>
    public async Task<bool> TryAddAsync(Reminder reminder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        // The index row first: a crash in between leaves an index row without its reminder (expired harmlessly), never a
        // reminder that retention cannot find.
        await Table.UpsertEntityAsync(new TableEntity(DatePartition, DateRow(reminder.Date, reminder.Id)), TableUpdateMode.Replace, cancellationToken);
        try
        {
            await Table.AddEntityAsync(new TableEntity(Partition, reminder.Id)
            {
                ["ChangeId"] = reminder.ChangeId,
                ["Kind"] = reminder.Kind,
                ["Label"] = reminder.Label,
                ["Date"] = reminder.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["DaysBefore"] = reminder.DaysBefore,
                ["DaysLeft"] = reminder.DaysLeft,
                ["CreatedAt"] = reminder.CreatedAt,
                ["Dispatched"] = false,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<Reminder?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var e = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return e.HasValue ? FromEntity(e.Value!) : null;
    }

    public Task MarkDispatchedAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Table.UpdateEntityAsync(new TableEntity(Partition, id) { ["Dispatched"] = true, ["DispatchedAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Reminders whose dispatch is not done and that were created at or before <paramref name="cutoff"/>.</summary>
    public async Task<List<Reminder>> PendingAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var result = new List<Reminder>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Dispatched eq {false} and CreatedAt le {cutoff}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(FromEntity(e));
        }

        return result;
    }

    /// <summary>
    /// Deletes the reminders whose date is before <paramref name="firstKeptDate"/>, at most <see cref="MaxExpiredPerRun"/>:
    /// one key-range read of the date index (only the expired rows), then point deletes of each reminder and its index row.
    /// Returns how many index rows were expired.
    /// </summary>
    public async Task<int> ExpireAsync(DateOnly firstKeptDate, CancellationToken cancellationToken = default)
    {
        await IndexLegacyAsync(cancellationToken);
        var upper = firstKeptDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DatePartition} and RowKey lt {upper}");
        var rows = new List<string>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: MaxExpiredPerRun, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(e.RowKey);
            if (rows.Count == MaxExpiredPerRun)
            {
                break;
            }
        }

        foreach (var row in rows)
        {
            // Deleting an entity that is not there answers 404 without throwing (an index row whose insert crashed).
            await Table.DeleteEntityAsync(Partition, row[(row.IndexOf('|', StringComparison.Ordinal) + 1)..], ETag.All, cancellationToken);
            await Table.DeleteEntityAsync(DatePartition, row, ETag.All, cancellationToken);
        }

        return rows.Count;
    }

    /// <summary>
    /// Indexes by date the reminders stored before the index existed: one read of partition "r" once, then never again (a
    /// marker row says it is done; one point read per run after that). Returns how many were indexed.
    /// </summary>
    public async Task<int> IndexLegacyAsync(CancellationToken cancellationToken = default)
    {
        if ((await Table.GetEntityIfExistsAsync<TableEntity>(MetaPartition, IndexedMarker, ["RowKey"], cancellationToken)).HasValue)
        {
            return 0;
        }

        var indexed = 0;
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), select: ["RowKey", "Date"], cancellationToken: cancellationToken))
        {
            if (DateOnly.TryParseExact(e.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                await Table.UpsertEntityAsync(new TableEntity(DatePartition, DateRow(date, e.RowKey)), TableUpdateMode.Replace, cancellationToken);
                indexed++;
            }
        }

        await Table.UpsertEntityAsync(new TableEntity(MetaPartition, IndexedMarker), TableUpdateMode.Replace, cancellationToken);
        return indexed;
    }

    private static Reminder FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        ChangeId = e.GetString("ChangeId") ?? "",
        Kind = e.GetString("Kind") ?? "",
        Label = e.GetString("Label") ?? "",
        Date = DateOnly.ParseExact(e.GetString("Date") ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DaysBefore = e.GetInt32("DaysBefore") ?? 0,
        DaysLeft = e.GetInt32("DaysLeft") ?? 0,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        DispatchedAt = e.GetDateTimeOffset("DispatchedAt"),
    };
}
