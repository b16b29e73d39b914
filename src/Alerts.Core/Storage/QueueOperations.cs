using Azure.Storage.Queues;

namespace Alerts.Core.Storage;

/// <summary>Watches the work queues and their poison queues, and moves poison messages back (<c>alerts queues</c>).</summary>
public sealed class QueueOperations(AlertsStorage storage)
{
    /// <summary>Messages one replay moves at most, unless told otherwise.</summary>
    public const int DefaultReplayLimit = 1000;

    /// <summary>Approximate depth of every queue of <see cref="StorageNames.AllQueues"/> and its poison queue (0 for a queue that does not exist yet).</summary>
    public async Task<IReadOnlyList<QueueDepth>> DepthsAsync(CancellationToken cancellationToken = default)
    {
        var depths = await Task.WhenAll(StorageNames.AllQueues.Select(async q => new QueueDepth(
            q,
            storage.Queue(q).Name,
            await DepthAsync(storage.Queue(q), cancellationToken),
            await DepthAsync(storage.Queue(StorageNames.Poison(q)), cancellationToken))));
        return depths;
    }

    /// <summary>
    /// Moves up to <paramref name="limit"/> messages of <c>queue-poison</c> back to <c>queue</c>, each sent before it is
    /// deleted, so a crash can repeat a message but never lose one (every handler is idempotent). Running it on an empty
    /// poison queue moves nothing.
    /// </summary>
    public async Task<ReplayResult> ReplayAsync(string queue, int limit = DefaultReplayLimit, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!StorageNames.AllQueues.Contains(queue, StringComparer.Ordinal))
        {
            throw new ArgumentException($"No queue '{queue}': the queues are {string.Join(", ", StorageNames.AllQueues)}.", nameof(queue));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var poison = storage.Queue(StorageNames.Poison(queue));
        var target = storage.Queue(queue);
        var moved = 0;
        if (!(await poison.ExistsAsync(cancellationToken)).Value)
        {
            return new ReplayResult(queue, 0, 0);
        }

        await target.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        while (moved < limit)
        {
            // Received messages stay invisible for the time-out, so one run never sees the same message twice.
            var batch = (await poison.ReceiveMessagesAsync(Math.Min(32, limit - moved), TimeSpan.FromMinutes(5), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var m in batch)
            {
                await target.SendMessageAsync(m.Body, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken);
                moved++;
            }

            progress?.Report(moved);
        }

        return new ReplayResult(queue, moved, await DepthAsync(poison, cancellationToken));
    }

    private static async Task<int> DepthAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }
}
