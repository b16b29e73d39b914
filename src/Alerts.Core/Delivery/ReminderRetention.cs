namespace Alerts.Core.Delivery;

/// <summary>
/// Housekeeping of the reminders table, run by the Reconcile job: deletes the reminders whose date lies more than
/// <see cref="ReminderStore.Retention"/> in the past, reading only the expired rows of the date index.
/// </summary>
public sealed class ReminderRetention(ReminderStore store, TimeProvider time) : IHousekeeping
{
    public Task<int> TidyAsync(CancellationToken cancellationToken = default) =>
        store.ExpireAsync(FirstKeptDate(time.GetUtcNow()), cancellationToken);

    /// <summary>The oldest date whose reminders are kept at <paramref name="now"/>.</summary>
    public static DateOnly FirstKeptDate(DateTimeOffset now) => DateOnly.FromDateTime((now - ReminderStore.Retention).UtcDateTime);
}
