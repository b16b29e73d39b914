namespace Alerts.Core.ChangeLog;

/// <summary>
/// The append-only, hash-chained change log in one Table Storage partition. Every append is one transaction that adds
/// the entry, its id marker and its dispatch-pending marker and moves the chain head under ETag concurrency, so two
/// writers can never fork the chain, an id is never recorded twice, and a recorded change is never left undispatched.
/// Rows: "e{sequence:D19}" entries, "h" the head, "hm:{yyyy-MM}" the first sequence of each month, "i:{id}" id markers,
/// "p:{id}" changes whose dispatch is not done.
/// </summary>
public sealed class ChangeLogStore(AlertsStorage storage, TimeProvider time) : IPendingDispatches
{
    public const string Partition = "log";
    public const string HeadRow = "h";
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // The head as this process last wrote it: the next append needs no read of it. Another writer makes it stale;
    // the ETag check then fails the transaction and the head is read again. Boxed: a reference is written and read whole,
    // so concurrent appends in one process never see half of one head and half of another (a struct of five fields can tear).
    private volatile HeadBox? _cachedHead;
    private int _headReads;

    /// <summary>How often the head was read from storage (appends after this process's own need none).</summary>
    internal int HeadReads => _headReads;

    private TableClient Table => storage.Table(StorageNames.Changes);

    public static string EntryRow(long sequence) => "e" + sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static string IdRow(string id) => "i:" + TableKeys.Encode(id);

    public static string PendingRow(string id) => "p:" + TableKeys.Encode(id);

    public static string MonthRow(DateTimeOffset at) => "hm:" + at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// Appends a change unless one with the same id is recorded. Sequence, previous hash, detection time and hash are
    /// set here. Safe to call again after a crash at any point, and from several hosts at once.
    /// </summary>
    public async Task<AppendResult> AppendAsync(ChangeRecord draft, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await FindAsync(draft.Id, cancellationToken) is { } existing)
            {
                return new AppendResult(existing, false);
            }

            var head = _cachedHead?.Head ?? await ReadHeadAsync(cancellationToken);
            var now = time.GetUtcNow().ToUniversalTime();
            if (head is not null && now < head.Value.LastDetectedAt)
            {
                now = head.Value.LastDetectedAt; // keep detection time monotonic across hosts with skewed clocks
            }

            var sequence = (head?.Sequence ?? 0) + 1;
            var record = draft with { Sequence = sequence, DetectedAt = now, PreviousHash = head?.Hash ?? Genesis, Hash = null };
            var canonical = record.CanonicalBytes();
            var hash = ChangeRecord.HashOf(canonical);
            record = record with { Hash = hash, StoredCanonical = Encoding.UTF8.GetString(canonical) };

            var entry = ToEntity(record, canonical);
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, entry),
                new(TableTransactionActionType.Add, new TableEntity(Partition, IdRow(record.Id)) { ["Sequence"] = sequence }),
                new(TableTransactionActionType.Add, new TableEntity(Partition, PendingRow(record.Id)) { ["Sequence"] = sequence, ["Since"] = now }),
            };
            var headEntity = new TableEntity(Partition, HeadRow)
            {
                ["Sequence"] = sequence,
                ["Hash"] = hash,
                ["LastDetectedAt"] = now,
                ["Month"] = MonthRow(now),
            };
            if (head is null)
            {
                actions.Add(new(TableTransactionActionType.Add, headEntity));
            }
            else
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, headEntity, head.Value.ETag));
            }

            if (head?.Month != MonthRow(now))
            {
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(Partition, MonthRow(now)) { ["FirstSequence"] = sequence }));
            }

            try
            {
                var responses = await Table.SubmitTransactionAsync(actions, cancellationToken);
                var headETag = responses.Value[3].Headers.ETag;
                _cachedHead = headETag is { } etag ? new HeadBox(new ChainHead(sequence, hash, now, MonthRow(now), etag)) : null;
                return new AppendResult(record, true);
            }
            catch (TableTransactionFailedException ex) when ((ex.Status is 409 or 412) && attempt < 100)
            {
                _cachedHead = null;
                // Another writer moved the head or recorded this id first: read again.
                await Task.Delay(Random.Shared.Next(2, 15 + attempt), cancellationToken);
            }
        }
    }

    /// <summary>A change by id, or null.</summary>
    public async Task<ChangeRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var marker = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, IdRow(id), ["Sequence"], cancellationToken);
        if (!marker.HasValue || marker.Value!.GetInt64("Sequence") is not long sequence)
        {
            return null;
        }

        return await GetAsync(sequence, cancellationToken);
    }

    /// <summary>A change by sequence, or null.</summary>
    public async Task<ChangeRecord?> GetAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var e = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, EntryRow(sequence), cancellationToken: cancellationToken);
        return e.HasValue ? FromEntity(e.Value!) : null;
    }

    /// <summary>The chain head: last sequence and hash.</summary>
    public async Task<ChainHead?> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _headReads);
        var h = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, HeadRow, cancellationToken: cancellationToken);
        if (!h.HasValue)
        {
            return null;
        }

        var v = h.Value!;
        return HeadOf(v);
    }

    /// <summary>Ids of changes whose dispatch is not marked done, oldest first.</summary>
    public async IAsyncEnumerable<(string Id, DateTimeOffset Since)> PendingDispatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"p:"} and RowKey lt {"p;"}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return (TableKeys.Decode(e.RowKey[2..]), e.GetDateTimeOffset("Since") ?? DateTimeOffset.MinValue);
        }
    }

    /// <summary>
    /// The changes whose dispatch is not done, with how often the reconciler re-enqueued them and whether it gave up
    /// (<see cref="PendingDispatch.DeadReason"/>). One range of the log's partition: it holds only what is pending.
    /// </summary>
    public async IAsyncEnumerable<PendingDispatch> PendingDispatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"p:"} and RowKey lt {"p;"}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new PendingDispatch(TableKeys.Decode(e.RowKey[2..]), e.GetDateTimeOffset("Since") ?? DateTimeOffset.MinValue, e.GetInt32("Requeued") ?? 0,
                e.GetDateTimeOffset("RequeuedAt"), e.GetString("DeadReason") is { Length: > 0 } reason ? reason : null);
        }
    }

    /// <summary>Notes that the reconciler re-enqueued a pending dispatch (the <paramref name="count"/>-th time); false when it is done meanwhile.</summary>
    public Task<bool> MarkRequeuedAsync(string id, int count, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        MergePendingAsync(new TableEntity(Partition, PendingRow(id)) { ["Requeued"] = count, ["RequeuedAt"] = at }, cancellationToken);

    /// <summary>Gives up on a dispatch: it stays pending with the reason (health counts it) and is not re-enqueued again.</summary>
    public Task<bool> MarkDispatchDeadAsync(string id, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        MergePendingAsync(new TableEntity(Partition, PendingRow(id)) { ["DeadReason"] = reason, ["DeadAt"] = at }, cancellationToken);

    private async Task<bool> MergePendingAsync(TableEntity e, CancellationToken cancellationToken)
    {
        try
        {
            // The row must exist (ETag *): a dispatch that finished meanwhile is left done.
            await Table.UpdateEntityAsync(e, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Marks a change's dispatch done (idempotent).</summary>
    public async Task MarkDispatchedAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(Partition, PendingRow(id), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    /// <summary>Reads entries in sequence order between two sequences (inclusive), with an optional extra filter.</summary>
    public async Task<List<ChangeRecord>> ReadRangeAsync(long from, long to, string? extraFilter = null, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {EntryRow(from)} and RowKey le {EntryRow(to)}");
        if (!string.IsNullOrEmpty(extraFilter))
        {
            filter = $"{filter} and ({extraFilter})";
        }

        var list = new List<ChangeRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(e));
        }

        return list;
    }

    /// <summary>Every raw entry entity in sequence order (verification).</summary>
    public IAsyncEnumerable<TableEntity> ScanEntriesAsync(CancellationToken cancellationToken = default) => ScanEntriesAsync(1, cancellationToken);

    /// <summary>The raw entry entities from <paramref name="from"/> on, in sequence order (verification of the newest entries).</summary>
    public IAsyncEnumerable<TableEntity> ScanEntriesAsync(long from, CancellationToken cancellationToken = default) =>
        Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {(from <= 1 ? "e" : EntryRow(from))} and RowKey lt {"f"}"),
            maxPerPage: 1000,
            cancellationToken: cancellationToken);

    /// <summary>The head and the month index in one round trip.</summary>
    public async Task<(ChainHead? Head, SortedList<string, long> Months)> ReadHeadAndMonthsAsync(CancellationToken cancellationToken = default)
    {
        ChainHead? head = null;
        var months = new SortedList<string, long>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {HeadRow} and RowKey lt {"hn"}");
        await foreach (var v in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (v.RowKey == HeadRow)
            {
                head = HeadOf(v);
            }
            else
            {
                months[v.RowKey[3..]] = v.GetInt64("FirstSequence") ?? 0;
            }
        }

        return (head, months);
    }

    private static ChainHead HeadOf(TableEntity v) =>
        new ChainHead(v.GetInt64("Sequence") ?? 0, v.GetString("Hash") ?? Genesis, v.GetDateTimeOffset("LastDetectedAt") ?? DateTimeOffset.MinValue, v.GetString("Month"), v.ETag);

    internal static TableEntity ToEntity(ChangeRecord record, byte[] canonical)
    {
        var e = new TableEntity(Partition, EntryRow(record.Sequence))
        {
            ["Sequence"] = record.Sequence,
            ["ChangeId"] = record.Id,
            ["SourceId"] = record.SourceId,
            ["ItemKey"] = record.ItemKey,
            ["DetectedAt"] = record.DetectedAt,
            ["Jurisdiction"] = record.Jurisdiction,
            ["Severity"] = record.Severity.ToWire(),
            ["Topics"] = TopicsColumn(record.Topics),
            ["StoryId"] = record.StoryId ?? "",
            ["Hash"] = record.Hash,
            ["PreviousHash"] = record.PreviousHash,
        };
        EntityText.Write(e, "Body", Encoding.UTF8.GetString(canonical));
        return e;
    }

    /// <summary>The canonical bytes stored in an entry entity.</summary>
    public static byte[] BodyBytes(TableEntity e) => Encoding.UTF8.GetBytes(EntityText.Read(e, "Body") ?? "");

    internal static ChangeRecord FromEntity(TableEntity e)
    {
        var body = EntityText.Read(e, "Body") ?? "";
        return ChangeRecord.FromCanonical(Encoding.UTF8.GetBytes(body)) with { Hash = e.GetString("Hash"), StoredCanonical = body };
    }

    internal static string TopicsColumn(IReadOnlyList<string> topics) => topics.Count == 0 ? "" : "|" + string.Join('|', topics) + "|";
}
