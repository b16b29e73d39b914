namespace Alerts.Core.ChangeLog;

/// <summary>
/// Tests and benchmarks only: appends many changes quickly, building the same chain entries, id markers, month index and
/// head as <see cref="ChangeLogStore.AppendAsync"/>, 100 operations per transaction, several transactions at once. Not
/// safe beside other writers; the drafts' detection times must not decrease.
/// </summary>
internal static class ChangeLogBulk
{
    public static async Task<long> AppendAsync(AlertsStorage storage, IEnumerable<ChangeRecord> drafts, bool idMarkers = true, int parallelism = 4, CancellationToken cancellationToken = default)
    {
        var table = storage.Table(StorageNames.Changes);
        var store = new ChangeLogStore(storage, TimeProvider.System);
        var (head, months) = await store.ReadHeadAndMonthsAsync(cancellationToken);
        var sequence = head?.Sequence ?? 0;
        var previous = head?.Hash ?? ChangeLogStore.Genesis;
        var lastAt = head?.LastDetectedAt ?? DateTimeOffset.MinValue;
        var newMonths = new Dictionary<string, long>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(parallelism);
        var running = new List<Task>();
        var batch = new List<TableTransactionAction>(100);

        async Task SubmitAsync(List<TableTransactionAction> actions)
        {
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            await gate.WaitAsync(cancellationToken);
            running.Add(SubmitAsync(batch));
            running.RemoveAll(t => t.IsCompletedSuccessfully);
            batch = new List<TableTransactionAction>(100);
        }

        var markers = new List<TableTransactionAction>(100);
        foreach (var draft in drafts)
        {
            sequence++;
            var at = draft.DetectedAt < lastAt ? lastAt : draft.DetectedAt;
            lastAt = at;
            var record = draft with { Sequence = sequence, DetectedAt = at, PreviousHash = previous, Hash = null };
            var canonical = record.CanonicalBytes();
            record = record with { Hash = ChangeRecord.HashOf(canonical) };
            previous = record.Hash;
            var month = ChangeLogStore.MonthRow(at);
            if (!months.ContainsKey(month[3..]) && !newMonths.ContainsKey(month))
            {
                newMonths[month] = sequence;
            }

            batch.Add(new(TableTransactionActionType.Add, ChangeLogStore.ToEntity(record, canonical)));
            if (idMarkers)
            {
                markers.Add(new(TableTransactionActionType.Add, new TableEntity(ChangeLogStore.Partition, ChangeLogStore.IdRow(record.Id)) { ["Sequence"] = sequence }));
            }

            if (batch.Count == 100)
            {
                await FlushAsync();
            }

            if (markers.Count == 100)
            {
                (batch, markers) = (markers, batch);
                await FlushAsync();
                (batch, markers) = (markers, batch);
            }
        }

        await FlushAsync();
        (batch, markers) = (markers, batch);
        await FlushAsync();
        await Task.WhenAll(running);

        foreach (var (row, first) in newMonths)
        {
            await table.AddEntityAsync(new TableEntity(ChangeLogStore.Partition, row) { ["FirstSequence"] = first }, cancellationToken);
        }

        await table.UpsertEntityAsync(new TableEntity(ChangeLogStore.Partition, ChangeLogStore.HeadRow)
        {
            ["Sequence"] = sequence,
            ["Hash"] = previous,
            ["LastDetectedAt"] = lastAt,
            ["Month"] = ChangeLogStore.MonthRow(lastAt),
        }, TableUpdateMode.Replace, cancellationToken);
        return sequence;
    }
}
