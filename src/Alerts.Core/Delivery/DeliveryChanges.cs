using Alerts.Core.ChangeLog;

namespace Alerts.Core.Delivery;

/// <summary>
/// What dispatch and the channels deliver by id: a change of the log, or a reminder shown as its change (same filters'
/// fields, link and evidence) with the reminder's id, a title and summary that say which date is how far ahead, and no story
/// (a reminder is never folded into a story's first alert).
/// </summary>
public sealed class DeliveryChanges(ChangeLogStore log, ReminderStore reminders, MatchAlertStore matchAlerts)
{
    public async Task<ChangeRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (MatchAlert.IsId(id))
        {
            return await matchAlerts.GetAsync(id, cancellationToken) is { } a && await log.FindAsync(a.ChangeId, cancellationToken) is { } matched
                ? AsChange(a, matched)
                : null;
        }

        if (!Reminder.IsId(id))
        {
            return await log.FindAsync(id, cancellationToken);
        }

        return await reminders.GetAsync(id, cancellationToken) is { } r && await log.FindAsync(r.ChangeId, cancellationToken) is { } change
            ? AsChange(r, change)
            : null;
    }

    /// <summary>The watchlist match an alert id stands for (null for a change or a reminder).</summary>
    public Task<MatchAlert?> FindMatchAlertAsync(string id, CancellationToken cancellationToken = default) =>
        MatchAlert.IsId(id) ? matchAlerts.GetAsync(id, cancellationToken) : Task.FromResult<MatchAlert?>(null);

    /// <summary>
    /// The id of the change of the log a delivered item is about: for a reminder or a watchlist match (whose own ids are no
    /// change of the log) the change it stands for, otherwise the change itself. Links in payloads, e-mails and issues use it.
    /// </summary>
    public static string LoggedChangeId(ChangeRecord change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return (Reminder.IsId(change.Id) || MatchAlert.IsId(change.Id)) && change.PreviousChangeId is { Length: > 0 } p ? p : change.Id;
    }

    /// <summary>The watchlist match as the change it is about: a title and summary that say what matched and why.</summary>
    public static ChangeRecord AsChange(MatchAlert alert, ChangeRecord change)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(change);
        var score = alert.Score.ToString("0.00", CultureInfo.InvariantCulture);
        return change with
        {
            Id = alert.Id,
            Title = $"Watchlist match ({alert.WatchlistName}): {alert.EntryValue} ~ {alert.MatchedName ?? alert.EntryValue}, score {score}: {change.Title}",
            Summary = alert.Explanation(),
            Matched = [.. alert.Tokens],
            StoryId = null,
            PreviousChangeId = change.Id,
        };
    }

    /// <summary>The reminder as the change it is about.</summary>
    public static ChangeRecord AsChange(Reminder reminder, ChangeRecord change)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        ArgumentNullException.ThrowIfNull(change);
        var when = reminder.DaysLeft switch { 0 => "today", 1 => "tomorrow", var n => $"in {n} days" };
        var date = reminder.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return change with
        {
            Id = reminder.Id,
            Title = $"Reminder: {reminder.Label} {when} ({date}): {change.Title}",
            Summary = $"The {reminder.Label} of this document is {date} ({when}).",
            StoryId = null,
            PreviousChangeId = change.Id,
        };
    }
}
