using Alerts.Core.ChangeLog;
using Alerts.Core.Storage;
using Alerts.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Delivery;

/// <summary>
/// A kind of target (e-mail subscribers, webhooks, GitHub repositories). For a change it creates its deliveries
/// idempotently (one per change and target) and enqueues them; calling it twice for a change creates nothing new.
/// </summary>
public interface IDispatchTarget
{
    string Name { get; }

    /// <summary>False for a target that only looks at changes (watchlist screening): reminders are not handed to it.</summary>
    bool TakesReminders => true;

    Task DispatchAsync(ChangeRecord change, CancellationToken cancellationToken = default);

    /// <summary>
    /// An alert addressed to one team (a watchlist match, as a change): create its deliveries to that team's own targets of
    /// this kind, whatever their filters, idempotently. Kinds that do not deliver to teams do nothing.
    /// </summary>
    Task DispatchToTeamAsync(ChangeRecord alert, string teamId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>Sends one delivery of a channel (the "deliver" queue routes by channel name).</summary>
public interface IDeliveryChannel
{
    string Channel { get; }

    Task DeliverAsync(DeliverMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Hands a recorded change to every target kind, then marks its dispatch done; the reconciler re-enqueues any change left pending.</summary>
public sealed partial class DispatchService(ChangeLogStore log, DeliveryChanges deliveryChanges, ReminderStore reminders, MatchAlertStore matchAlerts, IEnumerable<IDispatchTarget> targets, IEnumerable<IDeliveryChannel> channels, QueueSender queues, TimeProvider time, ILogger<DispatchService> logger)
{
    /// <summary>A change pending longer than this is re-enqueued by the reconciler.</summary>
    public static readonly TimeSpan ReconcileAfter = TimeSpan.FromMinutes(2);

    public async Task DispatchAsync(DispatchMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = AlertsTelemetry.StartConsumer("dispatch", message.TraceParent, message.TraceState);
        activity?.SetTag("alerts.change_id", message.ChangeId);
        var change = await deliveryChanges.FindAsync(message.ChangeId, cancellationToken);
        if (change is null)
        {
            LogUnknown(logger, message.ChangeId);
            return;
        }

        if (await deliveryChanges.FindMatchAlertAsync(change.Id, cancellationToken) is { } alert)
        {
            // A watchlist match goes to its owner's targets only (never back to watchlist screening).
            foreach (var target in targets.Where(t => t.TakesReminders))
            {
                await target.DispatchToTeamAsync(change, alert.TeamId, cancellationToken);
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
        using var activity = AlertsTelemetry.StartConsumer("deliver", message.TraceParent, message.TraceState);
        activity?.SetTag("alerts.channel", message.Channel);
        activity?.SetTag("alerts.delivery_id", message.DeliveryId);
        activity?.SetTag("alerts.attempt", message.Attempt);
        var channel = channels.FirstOrDefault(c => c.Channel == message.Channel)
            ?? throw new InvalidOperationException($"No delivery channel '{message.Channel}' is registered.");
        await channel.DeliverAsync(message, cancellationToken);
    }

    /// <summary>Re-enqueues every change (and watchlist match alert) whose dispatch is still pending after <see cref="ReconcileAfter"/>. Returns how many.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        var cutoff = time.GetUtcNow() - ReconcileAfter;
        await foreach (var (id, since) in log.PendingDispatchAsync(cancellationToken))
        {
            if (since <= cutoff)
            {
                await queues.SendAsync(StorageNames.DispatchQueue, new DispatchMessage(id), cancellationToken: cancellationToken);
                count++;
            }
        }

        // A watchlist match alert inserted but not enqueued (a crash in between) is enqueued again (dispatch is idempotent).
        foreach (var pending in await matchAlerts.PendingAsync(cutoff, cancellationToken))
        {
            await queues.SendAsync(StorageNames.DispatchQueue, new DispatchMessage(pending.Id), cancellationToken: cancellationToken);
            count++;
        }

        if (count > 0)
        {
            LogReconciled(logger, count);
        }

        return count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatch of unknown change {ChangeId} ignored")]
    private static partial void LogUnknown(ILogger logger, string changeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId} of {SourceId} dispatched to its targets")]
    private static partial void LogDispatched(ILogger logger, string changeId, string sourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciler re-enqueued {Count} pending dispatches")]
    private static partial void LogReconciled(ILogger logger, int count);
}
