using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;

namespace Alerts.Core.Email;

/// <summary>
/// "email": matches a change against every confirmed immediate subscriber, records one delivery per change and subscriber,
/// groups the new ones into batches of at most 1,000 and enqueues one DeliverMessage per batch. A second dispatch of the
/// same change finds the rows and batches and creates nothing new; a batch left unsent by a crash is enqueued again (the
/// channel sends a batch once).
/// </summary>
public sealed partial class EmailDispatchTarget(
    IOptions<SendGridOptions> options,
    SubscriberStore subscribers,
    EmailDeliveryStore deliveries,
    QueueSender queues,
    TimeProvider time,
    ILogger<EmailDispatchTarget> logger) : IDispatchTarget
{
    public const string ChannelName = "email";

    public string Name => ChannelName;

    public async Task DispatchAsync(ChangeRecord change, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var (rows, batches) = await deliveries.ReadChangeAsync(change.Id, cancellationToken);
        var known = Known(rows.Keys, batches);
        var matched = new List<Subscriber>();
        await foreach (var s in subscribers.ListAsync(SubscriberState.Active, "immediate", cancellationToken))
        {
            if (!known.Contains(s.Id) && s.Preferences.Matches(change))
            {
                matched.Add(s);
            }
        }

        matched = await ApplyPerStoryAsync(change, matched, cancellationToken);
        var enqueued = await BatchAsync(change.Id, matched, batches, cancellationToken);
        await MarkStoriesAsync(change, matched, cancellationToken);
        LogDispatched(logger, change.Id, matched.Count, enqueued);
    }

    /// <summary>
    /// A match of a watchlist the subscriber owns: one delivery to that subscriber's confirmed address, whatever their
    /// preferences (immediate or digest, filters), through the same batch rows, so a second dispatch sends nothing.
    /// </summary>
    public async Task DispatchToSubscriberAsync(ChangeRecord alert, string subscriberId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!options.Value.Enabled)
        {
            return;
        }

        var (rows, batches) = await deliveries.ReadChangeAsync(alert.Id, cancellationToken);
        var known = Known(rows.Keys, batches);
        var owner = await subscribers.GetAsync(subscriberId, cancellationToken);
        List<Subscriber> matched = owner is { State: SubscriberState.Active } && !known.Contains(owner.Id) ? [owner] : [];
        var enqueued = await BatchAsync(alert.Id, matched, batches, cancellationToken);
        LogDispatched(logger, alert.Id, matched.Count, enqueued);
    }

    private static HashSet<string> Known(IEnumerable<string> rows, List<EmailBatch> batches)
    {
        var known = new HashSet<string>(rows, StringComparer.Ordinal);
        foreach (var b in batches)
        {
            known.UnionWith(b.Members.Select(m => m.SubscriberId));
        }

        return known;
    }

    /// <summary>Enqueues the batches a crash left unsent, then writes and enqueues batches of the new recipients; returns how many were enqueued.</summary>
    private async Task<int> BatchAsync(string changeId, List<Subscriber> matched, List<EmailBatch> batches, CancellationToken cancellationToken)
    {
        matched.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var now = time.GetUtcNow();
        var next = batches.Count == 0 ? 1 : batches.Max(b => b.Number) + 1;
        var enqueued = 0;

        // Batches a crash left unsent go again (the channel sends a batch once); one waiting for a retry keeps waiting.
        foreach (var b in batches.Where(b => b.State is EmailBatchState.Queued && !(b.NextAttemptAt > now)))
        {
            await EnqueueAsync(changeId, b.Number, cancellationToken);
            enqueued++;
        }

        // Each batch is enqueued as soon as its rows are written, so the first request goes out while the rest are recorded.
        foreach (var chunk in matched.Chunk(options.Value.MaxPersonalizationsPerRequest))
        {
            var members = chunk.Select(s => (s.Id, s.Email)).ToList();
            if (!await deliveries.TryAddBatchAsync(changeId, next, members, now, cancellationToken))
            {
                throw new InvalidOperationException($"Batch {next} of change {changeId} was created concurrently; this dispatch will be retried.");
            }

            await deliveries.AddRecipientsAsync(changeId, next, [.. chunk.Select(s => s.Id)], now, cancellationToken);
            await EnqueueAsync(changeId, next, cancellationToken);
            enqueued++;
            next++;
        }

        return enqueued;
    }

    private Task EnqueueAsync(string changeId, int batch, CancellationToken cancellationToken) =>
        queues.SendAsync(StorageNames.DeliverQueue, new DeliverMessage(ChannelName, EmailDeliveryStore.BatchDeliveryId(changeId, batch)), cancellationToken: cancellationToken);

    /// <summary>Per-story subscribers hear only of the first change of a story (the story marker names that change).</summary>
    private async Task<List<Subscriber>> ApplyPerStoryAsync(ChangeRecord change, List<Subscriber> matched, CancellationToken cancellationToken)
    {
        if (change.StoryId is not { Length: > 0 } story || !matched.Any(s => s.Preferences.PerStory))
        {
            return matched;
        }

        var told = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SubscriberStore.StoryPartition(story)}");
        await foreach (var e in subscribers.RawTable.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (e.GetString("ChangeId") != change.Id)
            {
                told.Add(TableKeys.Decode(e.RowKey));
            }
        }

        return [.. matched.Where(s => !s.Preferences.PerStory || !told.Contains(s.Id))];
    }

    private async Task MarkStoriesAsync(ChangeRecord change, List<Subscriber> matched, CancellationToken cancellationToken)
    {
        if (change.StoryId is not { Length: > 0 } story)
        {
            return;
        }

        var pk = SubscriberStore.StoryPartition(story);
        foreach (var chunk in matched.Where(s => s.Preferences.PerStory).Chunk(100))
        {
            await subscribers.RawTable.SubmitTransactionAsync(chunk.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(pk, TableKeys.Encode(s.Id)) { ["ChangeId"] = change.Id })), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail dispatch of {ChangeId}: {Recipients} new recipients, {Batches} batches enqueued")]
    private static partial void LogDispatched(ILogger logger, string changeId, int recipients, int batches);
}
