namespace Alerts.Core;

/// <summary>The recurring jobs both hosts run. A test holds the Functions timers equal to this list.</summary>
public static class Schedules
{
    public const string PollDueCron = "0 * * * * *";
    public const string ReconcileCron = "30 */5 * * * *";
    /// <summary>Daily at 00:17 UTC: publish the chain head (see <see cref="ChangeLog.AnchorService"/>).</summary>
    public const string AnchorCron = "0 17 0 * * *";

    public const string DigestsCron = "0 2 * * * *";

    /// <summary>Hourly at minute 40: reminders of effective dates and comment deadlines (see <see cref="Deadlines.DeadlineReminders"/>).</summary>
    public const string RemindersCron = "0 40 * * * *";

    public static readonly Schedule PollDue = new("PollDue", PollDueCron, TimeSpan.FromMinutes(1));
    public static readonly Schedule Reconcile = new("Reconcile", ReconcileCron, TimeSpan.FromMinutes(5));

    public static readonly Schedule Anchor = new("Anchor", AnchorCron, TimeSpan.FromDays(1));

    /// <summary>Hourly: e-mail digests whose local hour has come.</summary>
    public static readonly Schedule Digests = new("Digests", DigestsCron, TimeSpan.FromHours(1));

    /// <summary>Hourly: reminders of dates coming up.</summary>
    public static readonly Schedule Reminders = new("Reminders", RemindersCron, TimeSpan.FromHours(1));

    public static readonly IReadOnlyList<Schedule> All = [PollDue, Reconcile, Anchor, Digests, Reminders];
}
