using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;

namespace Alerts.Core.Webhooks;

/// <summary>Creates one webhook delivery per change and matching enabled endpoint (idempotent) and enqueues it.</summary>
public sealed class WebhookDispatchTarget(WebhookStore store, DeliveryLedger ledger, QueueSender queues, TimeProvider time) : IDispatchTarget
{
    public string Name => "webhooks";

    /// <summary>Test seam: runs after the deliveries are created and before they are enqueued ("dispatch.deliveries-created").</summary>
    internal Func<string, CancellationToken, Task>? Step { get; set; }

    public async Task DispatchAsync(ChangeRecord change, CancellationToken cancellationToken = default)
    {
        var matching = new List<StoredEndpoint>();
        await foreach (var ep in store.EnabledAsync(cancellationToken))
        {
            if (ep.Endpoint.Filters.Matches(change))
            {
                matching.Add(ep);
            }
        }

        await CreateAsync(change, matching, cancellationToken);
    }

    /// <summary>A watchlist match: every enabled endpoint of the owning team, whatever its filters.</summary>
    public async Task DispatchToTeamAsync(ChangeRecord alert, string teamId, CancellationToken cancellationToken = default)
    {
        var mine = new List<StoredEndpoint>();
        await foreach (var ep in store.EnabledAsync(cancellationToken))
        {
            if (ep.Endpoint.TeamId == teamId)
            {
                mine.Add(ep);
            }
        }

        await CreateAsync(alert, mine, cancellationToken);
    }

    private async Task CreateAsync(ChangeRecord change, List<StoredEndpoint> matching, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var records = matching.Select(ep => new DeliveryRecord
        {
            ChangeId = change.Id,
            Channel = WebhookChannel.Name,
            TargetId = ep.Endpoint.Id,
            TeamId = ep.Endpoint.TeamId,
            CreatedAt = now,
        }).ToList();

        // Created now, or (a re-dispatch by the reconciler after a crash between create and enqueue) never attempted:
        // enqueue. A duplicate message is harmless: only the first one for attempt 1 acts.
        var toSend = await ledger.CreateManyAsync(records, cancellationToken);
        if (Step is { } step)
        {
            await step("dispatch.deliveries-created", cancellationToken);
        }

        await Parallel.ForEachAsync(toSend, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (record, ct) =>
            await queues.SendAsync(StorageNames.DeliverQueue, new DeliverMessage(WebhookChannel.Name, record.Id, 1), cancellationToken: ct));
    }
}
