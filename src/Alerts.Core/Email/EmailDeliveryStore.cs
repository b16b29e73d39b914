using Alerts.Core.Delivery;

namespace Alerts.Core.Email;

/// <summary>
/// E-mail rows of a change in the <see cref="DeliveryLedger"/>: "email:&lt;subscriber id&gt;" per recipient (status, batch,
/// error, events); "email-batch:&lt;n&gt;" per batch (members, state, lease). Recipients' addresses live in a batch row only
/// until it is sent. This type gives the rows their meaning; the ledger stores them.
/// </summary>
public sealed class EmailDeliveryStore(DeliveryLedger ledger)
{
    public const string RowPrefix = "email:";
    public const string BatchPrefix = "email-batch:";

    /// <summary>Just after every e-mail row key: "email-batch:" and "email:" both sort between "email" and this.</summary>
    private const string RowsEnd = "email;";

    public static string Row(string subscriberId) => RowPrefix + TableKeys.Encode(subscriberId);

    public static string BatchRow(int number) => BatchPrefix + number.ToString("D5", CultureInfo.InvariantCulture);

    public static string BatchDeliveryId(string changeId, int number) => changeId + "|" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every e-mail row of a change: recipient rows and batch rows ("email-batch:" and "email:" both sort between "email" and "email;").</summary>
    public async Task<(Dictionary<string, TableEntity> Recipients, List<EmailBatch> Batches)> ReadChangeAsync(string changeId, CancellationToken cancellationToken = default)
    {
        var recipients = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var batches = new List<EmailBatch>();
        await foreach (var e in ledger.RowsAsync(changeId, "email", RowsEnd, cancellationToken: cancellationToken))
        {
            if (e.RowKey.StartsWith(BatchPrefix, StringComparison.Ordinal))
            {
                batches.Add(ToBatch(changeId, e));
            }
            else if (e.RowKey.StartsWith(RowPrefix, StringComparison.Ordinal))
            {
                recipients[TableKeys.Decode(e.RowKey[RowPrefix.Length..])] = e;
            }
        }

        return (recipients, batches);
    }

    public async Task<EmailBatch?> GetBatchAsync(string changeId, int number, CancellationToken cancellationToken = default) =>
        await ledger.GetRowAsync(changeId, BatchRow(number), cancellationToken) is { } e ? ToBatch(changeId, e) : null;

    /// <summary>A recipient's row, or null when the change has no e-mail to that subscriber.</summary>
    public Task<TableEntity?> GetRecipientAsync(string changeId, string subscriberId, CancellationToken cancellationToken = default) =>
        ledger.GetRowAsync(changeId, Row(subscriberId), cancellationToken);

    /// <summary>Merges values into a row read before (recipient or batch); false when it changed since (412).</summary>
    public async Task<bool> TryMergeAsync(TableEntity update, ETag ifMatch, CancellationToken cancellationToken = default) =>
        await ledger.TryUpdateRowAsync(update, ifMatch, TableUpdateMode.Merge, cancellationToken) is not null;

    public async Task<Dictionary<string, TableEntity>> ReadBatchRecipientsAsync(string changeId, int number, CancellationToken cancellationToken = default)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var e in ledger.RowsAsync(changeId, RowPrefix, RowsEnd, $"Batch eq {number}", cancellationToken))
        {
            rows[TableKeys.Decode(e.RowKey[RowPrefix.Length..])] = e;
        }

        return rows;
    }

    /// <summary>Creates a batch row; false when that batch number exists already (a concurrent dispatch made it).</summary>
    public async Task<bool> TryAddBatchAsync(string changeId, int number, IReadOnlyList<(string SubscriberId, string Email)> members, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var e = new TableEntity(DeliveryLedger.Partition(changeId), BatchRow(number))
        {
            ["Channel"] = "email",
            ["State"] = EmailBatchState.Queued.ToWire(),
            ["Count"] = members.Count,
            ["Attempts"] = 0,
            ["CreatedAt"] = now,
        };
        EntityText.Write(e, "Members", string.Join('\n', members.Select(m => m.SubscriberId + "\t" + m.Email)));
        return await ledger.TryAddAsync(e, cancellationToken) is not null;
    }

    /// <summary>Creates pending recipient rows (100 per transaction, 4 transactions at a time).</summary>
    public Task AddRecipientsAsync(string changeId, int batch, IReadOnlyList<string> subscriberIds, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ledger.UpsertManyAsync(
            subscriberIds.Select(id => new TableEntity(DeliveryLedger.Partition(changeId), Row(id))
            {
                ["Channel"] = "email",
                ["Kind"] = "alert",
                ["SubscriberId"] = id,
                ["Status"] = EmailStatus.Pending.ToWire(),
                ["Batch"] = batch,
                ["CreatedAt"] = now,
            }),
            cancellationToken);

    /// <summary>Sets the status (and error) of recipient rows, 100 per transaction.</summary>
    public Task SetStatusAsync(
        string changeId, int batch, IEnumerable<(string SubscriberId, EmailStatus Status, string? Error)> updates, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var pk = DeliveryLedger.Partition(changeId);
        return ledger.UpsertManyAsync(
            updates.Select(u =>
            {
                var e = new TableEntity(pk, Row(u.SubscriberId))
                {
                    ["Channel"] = "email",
                    ["SubscriberId"] = u.SubscriberId,
                    ["Status"] = u.Status.ToWire(),
                    ["Batch"] = batch,
                    ["UpdatedAt"] = now,
                    ["Error"] = u.Error ?? "",
                };
                if (u.Status == EmailStatus.Sent)
                {
                    e["SentAt"] = now;
                }

                return e;
            }),
            cancellationToken);
    }

    /// <summary>
    /// After a failure in the middle of a send: a batch still "sending" goes back to "queued", or to "sent" when SendGrid had
    /// accepted the request. A batch another worker moved on is left alone. Best effort: otherwise the lease ends on its own.
    /// </summary>
    public async Task ReleaseAsync(string changeId, int number, bool markSent, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await ledger.GetRowAsync(changeId, BatchRow(number), cancellationToken) is { } row && row.GetString("State") == EmailBatchState.Sending.ToWire())
            {
                var update = new TableEntity(row.PartitionKey, row.RowKey) { ["State"] = (markSent ? EmailBatchState.Sent : EmailBatchState.Queued).ToWire() };
                if (markSent)
                {
                    update["SentAt"] = now;
                }

                // A 412 (another worker moved it on) leaves it alone.
                await TryMergeAsync(update, row.ETag, cancellationToken);
            }
        }
        catch (RequestFailedException)
        {
            // The lease ends on its own.
        }
    }

    /// <summary>Merges values into a batch row if unchanged since read (412 otherwise); returns the batch with its new ETag.</summary>
    public async Task<EmailBatch> UpdateBatchAsync(EmailBatch batch, IDictionary<string, object?> values, bool scrubAddresses = false, CancellationToken cancellationToken = default)
    {
        TableEntity e;
        var mode = TableUpdateMode.Merge;
        if (scrubAddresses)
        {
            // Addresses are only needed until the batch is sent; keep the ids.
            e = await ledger.GetRowAsync(batch.ChangeId, BatchRow(batch.Number), cancellationToken)
                ?? throw new InvalidOperationException($"Batch {batch.Number} of {batch.ChangeId} is not in the ledger.");
            foreach (var k in e.Keys.Where(k => k.StartsWith("Members", StringComparison.Ordinal)).ToList())
            {
                e.Remove(k);
            }

            EntityText.Write(e, "Members", string.Join('\n', batch.Members.Select(m => m.SubscriberId + "\t")));
            mode = TableUpdateMode.Replace;
        }
        else
        {
            e = new TableEntity(DeliveryLedger.Partition(batch.ChangeId), BatchRow(batch.Number));
        }

        foreach (var (k, v) in values)
        {
            e[k] = v;
        }

        return batch with { ETag = await ledger.UpdateRowAsync(e, batch.ETag, mode, cancellationToken) };
    }

    /// <summary>
    /// A recipient's status: its row's, except that a row still "pending" in a batch marked sent was sent (a successful send
    /// writes the batch row only; a per-recipient outcome such as rejected, failed or skipped, and every event, is written
    /// on the recipient's row).
    /// </summary>
    public static EmailStatus EffectiveStatus(TableEntity row, IReadOnlyDictionary<int, EmailBatchState> batchStates)
    {
        var status = EmailStatusRank.StatusOf(row);
        return status == EmailStatus.Pending && row.GetInt32("Batch") is int b && batchStates.TryGetValue(b, out var state) && state == EmailBatchState.Sent
            ? EmailStatus.Sent : status;
    }

    /// <summary>Recipients of a change's e-mail by status word (operator view: the CLI and its JSON print the words).</summary>
    public async Task<SortedDictionary<string, int>> StatisticsAsync(string changeId, CancellationToken cancellationToken = default)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var (rows, batches) = await ReadChangeAsync(changeId, cancellationToken);
        var states = batches.ToDictionary(b => b.Number, b => b.State);
        foreach (var r in rows.Values)
        {
            var s = EffectiveStatus(r, states).ToWire();
            counts[s] = counts.GetValueOrDefault(s) + 1;
        }

        return counts;
    }

    /// <summary>One recipient's effective status, or null when the change has no e-mail to that subscriber.</summary>
    public async Task<EmailStatus?> StatusAsync(string changeId, string subscriberId, CancellationToken cancellationToken = default)
    {
        if (await GetRecipientAsync(changeId, subscriberId, cancellationToken) is not { } row)
        {
            return null;
        }

        var batch = row.GetInt32("Batch") is int n ? await GetBatchAsync(changeId, n, cancellationToken) : null;
        return EffectiveStatus(row, batch is null ? new Dictionary<int, EmailBatchState>() : new Dictionary<int, EmailBatchState> { [batch.Number] = batch.State });
    }

    private static EmailBatch ToBatch(string changeId, TableEntity e)
    {
        var text = EntityText.Read(e, "Members") ?? "";
        var members = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t') is var p && p.Length == 2 ? (p[0], p[1]) : (p[0], ""))
            .ToList();
        var state = e.GetWord("State", EmailBatchState.Queued, "E-mail batch");
        return new EmailBatch(changeId, int.Parse(e.RowKey[BatchPrefix.Length..], CultureInfo.InvariantCulture), members, state,
            e.GetInt32("Attempts") ?? 0, e.GetDateTimeOffset("LeaseUntil"), e.ETag)
        {
            NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        };
    }

    internal static string Describe(IEnumerable<(string Key, int Value)> counts) =>
        new StringBuilder().AppendJoin(", ", counts.Select(c => $"{c.Key} {c.Value}")).ToString();
}
