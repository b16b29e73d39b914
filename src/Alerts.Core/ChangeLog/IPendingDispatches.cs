namespace Alerts.Core.ChangeLog;

/// <summary>
/// A table of items whose dispatch may be left pending (changes of the log, watchlist match alerts): the reconciler reads
/// them and re-enqueues or gives up on each with the same rule, whatever the table.
/// </summary>
public interface IPendingDispatches
{
    /// <summary>The items whose dispatch is not done, with how often they were re-enqueued and whether they were given up.</summary>
    IAsyncEnumerable<PendingDispatch> PendingDispatchesAsync(CancellationToken cancellationToken = default);

    /// <summary>Notes that the reconciler re-enqueued a pending dispatch (the <paramref name="count"/>-th time); false when it is done meanwhile.</summary>
    Task<bool> MarkRequeuedAsync(string id, int count, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Gives up on a dispatch: it stays pending with the reason (health counts it) and is not re-enqueued again.</summary>
    Task<bool> MarkDispatchDeadAsync(string id, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);
}
