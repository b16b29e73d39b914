using Alerts.Core.ChangeLog;
using Alerts.Core.Telemetry;

namespace Alerts.Core.Delivery;

/// <summary>
/// Hands a recorded change to every target kind, then marks its dispatch done. The reconciler re-enqueues a change left
/// pending (its message lost, or its dispatch failing), once per <see cref="RequeueEvery"/>; after
/// <see cref="MaxRequeues"/> re-enqueues it gives up: the dispatch is dead with its reason, counted by health, never looping.
/// </summary>
public sealed partial class DispatchService(
    ChangeLogStore log, DeliveryChanges deliveryChanges, ReminderStore reminders, MatchAlertStore matchAlerts, IEnumerable<IDispatchTarget> targets,
    IEnumerable<IDeliveryChannel> channels, QueueSender queues, IEnumerable<IHousekeeping> housekeeping, TimeProvider time, ILogger<DispatchService> logger)
{
    /// <summary>A change pending longer than this is re-enqueued by the reconciler.</summary>
    public static readonly TimeSpan ReconcileAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A re-enqueued change is not re-enqueued again before this: longer than a queue's five tries at five-minute
    /// visibility time-outs, so a message still being retried is not doubled.
    /// </summary>
    public static readonly TimeSpan RequeueEvery = TimeSpan.FromMinutes(30);

    /// <summary>Re-enqueues before a dispatch is given up as dead.</summary>
    public const int MaxRequeues = 3;

    /// <summary>Test seam: runs after every target created its deliveries and before the dispatch is marked done ("dispatch.targets-done").</summary>
    internal Func<string, CancellationToken, Task>? Step { get; set; }

    public async Task DispatchAsync(DispatchMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = AlertsTelemetry.StartConsumer("dispatch", StorageNames.DispatchQueue, message.TraceParent, message.TraceState, message.VisibleAt, time.GetUtcNow());
        activity?.SetTag("alerts.change_id", message.ChangeId);
        var change = await deliveryChanges.FindAsync(message.ChangeId, cancellationToken);
        if (change is null)
        {
            LogUnknown(logger, message.ChangeId);
            return;
        }

        if (await deliveryChanges.FindMatchAlertAsync(change.Id, cancellationToken) is { } alert)
        {
            // A watchlist match goes to its owner only (never back to watchlist screening): a team's targets, or a subscriber's address.
            foreach (var target in targets.Where(t => t.TakesReminders))
            {
                if (alert.SubscriberId is { Length: > 0 } subscriberId)
                {
                    await target.DispatchToSubscriberAsync(change, subscriberId, cancellationToken);
                }
                else
                {
                    await target.DispatchToTeamAsync(change, alert.TeamId, cancellationToken);
                }
            }

            await matchAlerts.MarkDispatchedAsync(change.Id, time.GetUtcNow(), cancellationToken);
            LogDispatched(logger, change.Id, change.SourceId);
            return;
        }

        var reminder = Reminder.IsId(change.Id);
        foreach (var target in targets.Where(t => !reminder || t.TakesReminders))
        {
            await target.DispatchAsync(change, cancellationToken);
        }

        if (Step is { } step)
        {
            await step("dispatch.targets-done", cancellationToken);
        }

        if (reminder)
        {
            await reminders.MarkDispatchedAsync(change.Id, time.GetUtcNow(), cancellationToken);
        }
        else
        {
            await log.MarkDispatchedAsync(change.Id, cancellationToken);
        }

        LogDispatched(logger, change.Id, change.SourceId);
    }

    public async Task DeliverAsync(DeliverMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = AlertsTelemetry.StartConsumer("deliver", StorageNames.DeliverQueue, message.TraceParent, message.TraceState, message.VisibleAt, time.GetUtcNow());
        activity?.SetTag("alerts.channel", message.Channel);
        activity?.SetTag("alerts.delivery_id", message.DeliveryId);
        activity?.SetTag("alerts.attempt", message.Attempt);
        var channel = channels.FirstOrDefault(c => c.Channel == message.Channel)
            ?? throw new InvalidOperationException($"No delivery channel '{message.Channel}' is registered.");
        await channel.DeliverAsync(message, cancellationToken);
    }

    /// <summary>
    /// The Reconcile job: re-enqueues each change and each watchlist match alert whose dispatch is pending after <see cref="ReconcileAfter"/> and was not
    /// re-enqueued within <see cref="RequeueEvery"/>; gives up on one re-enqueued <see cref="MaxRequeues"/> times (dead, with
    /// the reason); then runs the housekeeping. Returns how many it re-enqueued.
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var count = await ReconcileAsync(log, now, cancellationToken);

        // A watchlist match alert inserted but not enqueued (a crash in between), or whose dispatch keeps failing, follows the same rule.
        count += await ReconcileAsync(matchAlerts, now, cancellationToken);

        if (count > 0)
        {
            LogReconciled(logger, count);
        }

        foreach (var h in housekeeping)
        {
            await h.TidyAsync(cancellationToken);
        }

        return count;
    }

    private async Task<int> ReconcileAsync(IPendingDispatches store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = 0;
        var pending = new List<PendingDispatch>();
        await foreach (var p in store.PendingDispatchesAsync(cancellationToken))
        {
            pending.Add(p);
        }

        foreach (var p in pending)
        {
            if (p.DeadReason is not null || p.Since > now - ReconcileAfter || p.RequeuedAt > now - RequeueEvery)
            {
                continue;
            }

            if (p.Requeued >= MaxRequeues)
            {
                var reason = $"dispatch did not complete after {p.Requeued} re-enqueues since {p.Since:u} " +
                    "(see the dispatch poison queue; replay it with 'alerts queues replay dispatch' once the cause is fixed)";
                if (await store.MarkDispatchDeadAsync(p.Id, reason, now, cancellationToken))
                {
                    LogDispatchDead(logger, p.Id, p.Requeued);
                }

                continue;
            }

            // Noted before the send: a crash in between loses one re-enqueue, never loops.
            if (await store.MarkRequeuedAsync(p.Id, p.Requeued + 1, now, cancellationToken))
            {
                await queues.SendAsync(StorageNames.DispatchQueue, new DispatchMessage(p.Id), cancellationToken: cancellationToken);
                count++;
            }
        }

        return count;
    }

    /// <summary>Dispatches given up (dead with a reason): changes and watchlist match alerts, counted up to <paramref name="cap"/>.</summary>
    public async Task<int> CountDeadDispatchesAsync(int cap = 10_000, CancellationToken cancellationToken = default)
    {
        var dead = 0;
        foreach (var store in new IPendingDispatches[] { log, matchAlerts })
        {
            await foreach (var p in store.PendingDispatchesAsync(cancellationToken))
            {
                if (p.DeadReason is not null && ++dead >= cap)
                {
                    return dead;
                }
            }
        }

        return dead;
    }

    // The alert rule "dead-delivery" (infra/modules/alerts.bicep) matches DEAD DELIVERY; this one is its own line.
    [LoggerMessage(Level = LogLevel.Error, Message = "DEAD DISPATCH {ChangeId} after {Requeues} re-enqueues: it will not be retried")]
    private static partial void LogDispatchDead(ILogger logger, string changeId, int requeues);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatch of unknown change {ChangeId} ignored")]
    private static partial void LogUnknown(ILogger logger, string changeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId} of {SourceId} dispatched to its targets")]
    private static partial void LogDispatched(ILogger logger, string changeId, string sourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciler re-enqueued {Count} pending dispatches")]
    private static partial void LogReconciled(ILogger logger, int count);
}
