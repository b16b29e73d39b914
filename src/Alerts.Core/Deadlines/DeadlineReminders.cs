using Alerts.Core.Delivery;

namespace Alerts.Core.Deadlines;

/// <summary>
/// The reminders job (hourly, <see cref="Schedules.Reminders"/>): for each configured number of days N
/// (Alerts:Deadlines:ReminderDays), each effective date or comment deadline at most N days ahead (and more than the next
/// smaller N, so a date learnt late gets one reminder, not several at once) gets a reminder: a row inserted once in the
/// <c>reminders</c> table under an id deterministic in document, kind, date and N, then a dispatch message, so the usual
/// dispatch matches it to subscribers, webhooks and GitHub targets and delivers it once per target. A rerun, a crash or a
/// second host inserts nothing new; a reminder whose dispatch is still pending after a while is enqueued again.
/// </summary>
public sealed partial class DeadlineReminders(
    DeadlineStore deadlines, ReminderStore reminders, QueueSender queues, IOptions<DeadlineOptions> options, TimeProvider time, ILogger<DeadlineReminders> logger)
{
    /// <summary>Runs the job; returns the reminders created now.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var days = options.Value.ParsedReminderDays();
        var kinds = options.Value.ParsedReminderKinds();
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var created = 0;
        if (days.Count > 0)
        {
            foreach (var d in await deadlines.RangeAsync(today, today.AddDays(days[0]), cancellationToken))
            {
                if (!kinds.Contains(d.Kind))
                {
                    continue;
                }

                var left = d.Date.DayNumber - today.DayNumber;
                // The smallest configured N that still covers the date: 3 days ahead with "7,1" is the 7-day reminder (sent late).
                var n = days.Where(x => x >= left).DefaultIfEmpty(-1).Min();
                if (n < 0)
                {
                    continue;
                }

                var reminder = new Reminder
                {
                    Id = Reminder.IdOf(d.Key, n),
                    ChangeId = d.ChangeId,
                    Kind = d.Kind,
                    Label = DeadlineKinds.Label(d.Kind),
                    Date = d.Date,
                    DaysBefore = n,
                    DaysLeft = left,
                    CreatedAt = now,
                };
                if (await reminders.TryAddAsync(reminder, cancellationToken))
                {
                    await queues.SendAsync(StorageNames.DispatchQueue, new DispatchMessage(reminder.Id), cancellationToken: cancellationToken);
                    LogReminder(logger, reminder.Id, d.ChangeId, d.Kind, d.Date, left);
                    created++;
                }
            }
        }

        // A crash between the insert and the enqueue leaves a reminder pending: enqueue it again (dispatch is idempotent).
        foreach (var pending in await reminders.PendingAsync(now - DispatchService.ReconcileAfter, cancellationToken))
        {
            await queues.SendAsync(StorageNames.DispatchQueue, new DispatchMessage(pending.Id), cancellationToken: cancellationToken);
        }

        return created;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder {ReminderId} of change {ChangeId}: {Kind} on {Date} in {DaysLeft} days")]
    private static partial void LogReminder(ILogger logger, string reminderId, string changeId, string kind, DateOnly date, int daysLeft);
}
