using Alerts.Core.Delivery;

namespace Alerts.Core.Access;

/// <summary>
/// Housekeeping of the access log, run by the Reconcile job (every 5 minutes): deletes up to
/// <see cref="AccessLogStore.MaxExpiredPerRun"/> entries of the month partitions older than
/// <see cref="AccessLogOptions.RetentionMonths"/> whole months before the current one, reading only those partitions.
/// </summary>
public sealed class AccessLogRetention(AccessLogStore store, IOptions<AccessLogOptions> options, TimeProvider time) : IHousekeeping
{
    public Task<int> TidyAsync(CancellationToken cancellationToken = default) =>
        store.ExpireAsync(AccessLogStore.FirstKeptMonth(time.GetUtcNow(), options.Value.RetentionMonths), cancellationToken);
}
