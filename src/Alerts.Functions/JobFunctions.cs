using Alerts.Core;
using Alerts.Core.ChangeLog;
using Alerts.Core.Deadlines;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Polling;
using Alerts.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions;

/// <summary>Timers and queue triggers: each binds its input and makes one call into Core.</summary>
public sealed class JobFunctions(JobRuns runs, PollScheduler scheduler, PollService poller, DispatchService dispatcher, AnchorService anchors, DigestService digests, DeadlineReminders reminders,
    VerifyJobs verifyJobs)
{
    [Function(nameof(Schedules.PollDue))]
    public Task PollDue([TimerTrigger(Schedules.PollDueCron)] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(Schedules.PollDue), scheduler.EnqueueDueAsync, cancellationToken);

    [Function(nameof(Schedules.Reconcile))]
    public Task Reconcile([TimerTrigger(Schedules.ReconcileCron)] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(Schedules.Reconcile), dispatcher.ReconcileAsync, cancellationToken);

    [Function(nameof(Schedules.Anchor))]
    public Task Anchor([TimerTrigger(Schedules.AnchorCron)] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(Schedules.Anchor), anchors.PublishAsync, cancellationToken);

    [Function(nameof(Schedules.Digests))]
    public Task Digests([TimerTrigger(Schedules.DigestsCron)] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(Schedules.Digests), digests.RunAsync, cancellationToken);

    [Function(nameof(Schedules.Reminders))]
    public Task Reminders([TimerTrigger(Schedules.RemindersCron)] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(Schedules.Reminders), reminders.RunAsync, cancellationToken);

    [Function("Poll")]
    public Task Poll([QueueTrigger(QueueBindings.Poll, Connection = QueueBindings.Connection)] PollMessage message, CancellationToken cancellationToken) =>
        poller.HandleAsync(message, cancellationToken);

    [Function("Dispatch")]
    public Task Dispatch([QueueTrigger(QueueBindings.Dispatch, Connection = QueueBindings.Connection)] DispatchMessage message, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(message, cancellationToken);

    [Function("Deliver")]
    public Task Deliver([QueueTrigger(QueueBindings.Deliver, Connection = QueueBindings.Connection)] DeliverMessage message, CancellationToken cancellationToken) =>
        dispatcher.DeliverAsync(message, cancellationToken);

    [Function("Verify")]
    public Task Verify([QueueTrigger(QueueBindings.Verify, Connection = QueueBindings.Connection)] VerifyMessage message, CancellationToken cancellationToken) =>
        verifyJobs.RunAsync(message, cancellationToken);
}
