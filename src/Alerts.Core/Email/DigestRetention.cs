using Alerts.Core.Delivery;

namespace Alerts.Core.Email;

/// <summary>
/// Housekeeping of the digest rows (partitions "dg:&lt;subscriber&gt;" of the <c>subscribers</c> table), run by the Reconcile
/// job (every 5 minutes): each run takes one of <see cref="Slices"/> slices of the subscribers by the first two hex digits
/// of their id (a RowKey range of partition "sub", keys only) and, for each subscriber in it, deletes the digests done
/// (sent, failed or skipped) whose period began more than <see cref="Retention"/> ago, with one query over that
/// partition's expired key ranges. Every subscriber is visited at least once a day; the cursor row and digests still
/// queued or sending are never touched.
/// </summary>
public sealed class DigestRetention(SubscriberStore subscribers, TimeProvider time) : IHousekeeping
{
    /// <summary>A digest done is kept this long after its period began.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <summary>One slice per first-two-hex-digits of the subscriber ids ("sub_" and 24 hex digits).</summary>
    public const int Slices = 256;

    private TableClient Table => subscribers.RawTable;

    public async Task<int> TidyAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var slice = (int)(now.UtcDateTime.TimeOfDay.TotalMinutes / 5) % Slices;
        var cutoff = DateOnly.FromDateTime((now - Retention).UtcDateTime);
        var done = 0;
        foreach (var id in await IdsInSliceAsync(slice, cancellationToken))
        {
            done += await ExpireAsync(id, cutoff, cancellationToken);
        }

        return done;
    }

    /// <summary>Ids of the subscribers (any state) whose id starts with "sub_" and the slice's two hex digits.</summary>
    public async Task<List<string>> IdsInSliceAsync(int slice, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slice);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slice, Slices);
        var from = "sub_" + slice.ToString("x2", CultureInfo.InvariantCulture);
        // The next key after every id with this prefix: '~' sorts after the hex digits.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SubscriberStore.SubPartition} and RowKey ge {from} and RowKey lt {from + "~"}");
        var ids = new List<string>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(TableKeys.Decode(e.RowKey));
        }

        return ids;
    }

    /// <summary>
    /// Deletes the subscriber's digests done whose period began before <paramref name="cutoff"/> (rows "p:d&lt;date&gt;" and
    /// "p:w&lt;date&gt;"): one query over the two expired key ranges of the partition, deletes in transactions of 100.
    /// </summary>
    public async Task<int> ExpireAsync(string subscriberId, DateOnly cutoff, CancellationToken cancellationToken = default)
    {
        var pk = SubscriberStore.DigestPartition(subscriberId);
        var date = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {pk} and ((RowKey gt {"p:d"} and RowKey lt {"p:d" + date}) or (RowKey gt {"p:w"} and RowKey lt {"p:w" + date}))");
        var expired = new List<TableEntity>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "State"], cancellationToken: cancellationToken))
        {
            // Only what is known to be done goes; a row with a word no DigestState has is kept (as a queued one is), not an error that would stop the slice.
            if (WireWords.TryParse<DigestState>(e.GetString("State"), out var state) && state is DigestState.Sent or DigestState.Failed or DigestState.Skipped)
            {
                expired.Add(e);
            }
        }

        foreach (var chunk in expired.Chunk(100))
        {
            await Table.SubmitTransactionAsync(
                chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(e.PartitionKey, e.RowKey), ETag.All)), cancellationToken);
        }

        return expired.Count;
    }
}
